package dev.assay.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One named proxy: its listening socket (open while enabled), its live connections and its toxics. Mutations
 * come from {@link Engine} under its lock; connections read {@link #toxics()} as an immutable snapshot.
 */
final class ListeningProxy {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ProxyMetrics metrics;
    private final Callers callers;
    private volatile ProxySpec spec;
    private volatile InetSocketAddress upstreamAddress;
    private volatile List<ActiveToxic> toxics = List.of();
    private final Set<TcpConnection> tcp = ConcurrentHashMap.newKeySet();
    private final Set<HttpRelay> http = ConcurrentHashMap.newKeySet();
    private Channel listener;

    ListeningProxy(ProxySpec spec, EventLoopGroup boss, EventLoopGroup workers, ProxyMetrics metrics, Callers callers) {
        this.spec = spec;
        this.callers = callers;
        this.boss = boss;
        this.workers = workers;
        this.metrics = metrics;
        this.upstreamAddress = Addresses.resolve(spec.upstream(), "upstream");
    }

    String name() {
        return spec.name();
    }

    ProxySpec spec() {
        return spec;
    }

    ProxyMetrics metrics() {
        return metrics;
    }

    InetSocketAddress upstreamAddress() {
        return upstreamAddress;
    }

    List<ActiveToxic> toxics() {
        return toxics;
    }

    /** Binds the listen address; a port in use is a 409 that names the address. */
    void start() {
        if (listener != null) return;
        InetSocketAddress bindTo = Addresses.resolve(spec.listen(), "listen");
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(Transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accept(ch);
                    }
                });
        try {
            listener = b.bind(bindTo).syncUninterruptibly().channel();
        } catch (Exception e) {
            if (e instanceof BindException || e.getCause() instanceof BindException
                    || String.valueOf(e.getMessage()).contains("Address already in use")) {
                throw FaultProxyException.conflict("listen address " + spec.listen() + " of proxy " + spec.name()
                        + " is already in use; choose another port (or port 0 for any free one)");
            }
            throw FaultProxyException.badRequest("cannot listen on " + spec.listen() + " for proxy " + spec.name() + ": " + e.getMessage());
        }
        spec = spec.withListen(Addresses.format((InetSocketAddress) listener.localAddress())).withEnabled(true);
    }

    private void accept(SocketChannel ch) {
        metrics.connection(callers.tag(ch, spec));
        if (spec.mode() == ProxySpec.Mode.HTTP) {
            HttpRelay relay = new HttpRelay(this, ch);
            http.add(relay);
            relay.start();
        } else {
            TcpConnection c = new TcpConnection(this, ch);
            tcp.add(c);
            c.start();
        }
    }

    /** Disables: closes the listener (new connections are refused) and every live connection. */
    void stop() {
        if (listener != null) listener.close().syncUninterruptibly();
        listener = null;
        spec = spec.withEnabled(false);
        tcp.forEach(TcpConnection::close);
        http.forEach(HttpRelay::close);
    }

    void update(ProxySpec next) {
        boolean rebind = !next.listen().equals(spec.listen()) || !next.upstream().equals(spec.upstream()) || next.mode() != spec.mode();
        InetSocketAddress up = Addresses.resolve(next.upstream(), "upstream");
        if (rebind || !next.enabled()) stop();
        spec = next;
        upstreamAddress = up;
        if (next.enabled()) start();
    }

    void setToxics(List<ActiveToxic> next) {
        toxics = List.copyOf(next);
        metrics.toxicsActive(toxics.size());
        tcp.forEach(c -> c.toxicsChanged(toxics));
    }

    void forget(TcpConnection c) {
        tcp.remove(c);
    }

    void forget(HttpRelay r) {
        http.remove(r);
    }
}
