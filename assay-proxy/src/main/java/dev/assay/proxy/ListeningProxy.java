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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One named proxy: its listening socket (open while enabled), its live connections and its toxics. Mutations
 * come from {@link Engine} under its lock; connections read {@link #toxics()} as an immutable snapshot.
 */
final class ListeningProxy {
    private static final System.Logger LOG = System.getLogger(ListeningProxy.class.getName());
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ProxyMetrics metrics;
    private final ConnectionLimits defaults;
    private final ProcessBudget budget;
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicBoolean capped = new AtomicBoolean();
    private final Callers callers;
    private volatile ProxySpec spec;
    private volatile InetSocketAddress upstreamAddress;
    private volatile List<ActiveToxic> toxics = List.of();
    private final Set<TcpConnection> tcp = ConcurrentHashMap.newKeySet();
    private final Set<HttpRelay> http = ConcurrentHashMap.newKeySet();
    /** The listening sockets while enabled: one per worker loop ({@link Transport#acceptOnWorkers}), else one. */
    private List<Channel> listeners = List.of();
    private final UpstreamPool pool = new UpstreamPool();
    private final Quotas quotas = new Quotas();

    ListeningProxy(ProxySpec spec, EventLoopGroup boss, EventLoopGroup workers, ProxyMetrics metrics, ConnectionLimits defaults,
                   ProcessBudget budget, Callers callers) {
        this.spec = spec;
        this.defaults = defaults;
        this.budget = budget;
        this.callers = callers;
        this.boss = boss;
        this.workers = workers;
        this.metrics = metrics;
        this.upstreamAddress = Addresses.resolve(spec.upstream(), "upstream");
        UpstreamPolicy.requireNotForbidden(upstreamAddress.getAddress(), spec.upstream());
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

    /** This proxy's limits, every field filled (its own, else the proxy-wide ones, else the defaults). */
    ConnectionLimits limits() {
        return spec.limits().over(defaults).over(ConnectionLimits.DEFAULTS);
    }

    InetSocketAddress upstreamAddress() {
        return upstreamAddress;
    }

    UpstreamPool pool() {
        return pool;
    }

    Quotas quotas() {
        return quotas;
    }

    List<ActiveToxic> toxics() {
        return toxics;
    }

    /** Binds the listen address; a port in use is a 409 that names the address. */
    void start() {
        if (!listeners.isEmpty()) return;
        InetSocketAddress bindTo = Addresses.resolve(spec.listen(), "listen");
        try {
            listeners = Transport.acceptOnWorkers() ? bindOnEachWorker(bindTo) : List.of(bootstrap(boss, workers).bind(bindTo).syncUninterruptibly().channel());
        } catch (Exception e) {
            if (e instanceof BindException || e.getCause() instanceof BindException
                    || String.valueOf(e.getMessage()).contains("Address already in use")) {
                throw FaultProxyException.conflict("listen address " + spec.listen() + " of proxy " + spec.name()
                        + " is already in use; choose another port (or port 0 for any free one)");
            }
            throw FaultProxyException.badRequest("cannot listen on " + spec.listen() + " for proxy " + spec.name() + ": " + e.getMessage());
        }
        spec = spec.withListen(Addresses.format((InetSocketAddress) listeners.getFirst().localAddress())).withEnabled(true);
    }

    /**
     * One {@code SO_REUSEPORT} listener per worker loop, its connections served by that loop (the kernel spreads
     * new connections over them). A plain bind first checks that nobody holds the address: {@code SO_REUSEPORT}
     * alone would let this proxy share a port with another process of the same user that also asked for it.
     */
    private List<Channel> bindOnEachWorker(InetSocketAddress bindTo) throws java.io.IOException {
        InetSocketAddress at;
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true); // as the listeners: a TIME_WAIT connection on the port is no conflict
            probe.bind(bindTo, 1);
            at = new InetSocketAddress(bindTo.getAddress(), probe.getLocalPort());
        }
        List<Channel> out = new java.util.ArrayList<>();
        try {
            for (io.netty.util.concurrent.EventExecutor e : workers) {
                io.netty.channel.EventLoop loop = (io.netty.channel.EventLoop) e;
                out.add(bootstrap(loop, loop).option(io.netty.channel.epoll.EpollChannelOption.SO_REUSEPORT, true)
                        .bind(at).syncUninterruptibly().channel());
            }
        } catch (RuntimeException e) {
            out.forEach(Channel::close);
            throw e;
        }
        return List.copyOf(out);
    }

    private ServerBootstrap bootstrap(EventLoopGroup acceptOn, EventLoopGroup serveOn) {
        ServerBootstrap b = new ServerBootstrap().group(acceptOn, serveOn).channel(Transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        if (!Transport.NODELAY_BY_DEFAULT) b.childOption(ChannelOption.TCP_NODELAY, true); // else Netty set it already
        return b.childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accept(ch);
                    }
                });
    }

    private void accept(SocketChannel ch) {
        if (!admit()) {
            metrics.connectionRefused();
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> {
            live.decrementAndGet();
            budget.release();
        });
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

    /** Takes a slot under this proxy's cap and the process budget; logs once each time the cap is reached. */
    private boolean admit() {
        int max = limits().maxConnectionsOrDefault();
        int n = live.incrementAndGet();
        if (n > max) {
            live.decrementAndGet();
            if (capped.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "proxy " + name() + ": connection cap reached (" + max + " open); refusing new"
                        + " connections until some close. Raise it with \"max_connections\" on the proxy or --max-connections");
            }
            return false;
        }
        if (!budget.tryAcquire()) {
            live.decrementAndGet();
            return false;
        }
        if (n < max * 9L / 10 && capped.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.INFO, "proxy " + name() + ": below its connection cap again (" + n + " of " + max + " open)");
        }
        return true;
    }

    /** Client connections open now (accepted and not yet closed). */
    int liveConnections() {
        return live.get();
    }

    /** Disables: closes the listener (new connections are refused) and every live connection. */
    void stop() {
        listeners.forEach(l -> l.close().syncUninterruptibly());
        listeners = List.of();
        spec = spec.withEnabled(false);
        pool.closeAll();
        tcp.forEach(TcpConnection::close);
        http.forEach(HttpRelay::close);
    }

    void update(ProxySpec next) {
        boolean rebind = !next.listen().equals(spec.listen()) || !next.upstream().equals(spec.upstream()) || next.mode() != spec.mode();
        InetSocketAddress up = Addresses.resolve(next.upstream(), "upstream");
        UpstreamPolicy.requireNotForbidden(up.getAddress(), next.upstream());
        if (rebind || !next.enabled()) stop();
        if (next.httpReuse() != spec.httpReuse()) pool.closeAll();
        spec = next;
        upstreamAddress = up;
        if (next.enabled()) start();
    }

    void setToxics(List<ActiveToxic> next) {
        toxics = List.copyOf(next);
        quotas.retain(toxics);
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
