package dev.assay.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One client connection through a TCP proxy and its upstream connection, both on the same event loop. Two
 * {@link Link}s carry the bytes: upstream (client to server) and downstream (server to client). Either side
 * silent past its idle timeout ({@link ConnectionLimits}) closes both.
 */
final class TcpConnection {
    private static final System.Logger LOG = System.getLogger(TcpConnection.class.getName());

    private final ListeningProxy proxy;
    private final Channel client;
    private Channel server;
    private Link up;
    private Link down;

    TcpConnection(ListeningProxy proxy, Channel client) {
        this.proxy = proxy;
        this.client = client;
    }

    ProxyMetrics metrics() {
        return proxy.metrics();
    }

    /** Called when the client connected: dial the upstream, then start relaying. */
    void start() {
        metrics().connectionOpened();
        client.closeFuture().addListener(f -> finished());
        // Read the client while the upstream is dialled: a client that sends and half-closes at once (FIN
        // before the upstream answered the dial) must not lose its end-of-stream.
        Early early = new Early();
        client.pipeline().addLast(early);
        client.config().setAutoRead(true);
        Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(Transport.socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new IdleStateHandler(0, 0, proxy.limits().upstreamIdleOrDefault().toMillis(), TimeUnit.MILLISECONDS));
        ChannelFuture connect = b.connect(proxy.upstreamAddress());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                metrics().upstreamError();
                LOG.log(System.Logger.Level.WARNING, "proxy " + proxy.name() + ": upstream " + proxy.spec().upstream()
                        + " unreachable (" + f.cause().getMessage() + "); closing the client connection");
                client.close();
                return;
            }
            server = connect.channel();
            if (!client.isActive()) {
                server.close();
                return;
            }
            up = new Link(this, ToxicSpec.Stream.UPSTREAM, client, server);
            down = new Link(this, ToxicSpec.Stream.DOWNSTREAM, server, client);
            List<ActiveToxic> toxics = proxy.toxics();
            up.apply(toxics);
            down.apply(toxics);
            client.pipeline().replace(early, "relay", new Relay(up, () -> down));
            server.pipeline().addLast(new Relay(down, () -> up));
            server.closeFuture().addListener(x -> finished());
            early.pending.forEach(up::data);
            early.pending.clear();
            up.flush();
            if (early.ended) up.sourceClosed();
            client.config().setAutoRead(true);
            server.config().setAutoRead(true);
        });
    }

    /** The proxy's toxics changed: rebuild both chains on this connection's event loop. */
    void toxicsChanged(List<ActiveToxic> toxics) {
        client.eventLoop().execute(() -> {
            if (up != null) up.apply(toxics);
            if (down != null) down.apply(toxics);
        });
    }

    private int directionsDone;

    /** One direction delivered its end of stream; when both have, the connection is over. */
    void directionDone() {
        if (++directionsDone == 2) close();
    }

    void close() {
        client.close();
        if (server != null) server.close();
    }

    void reset() {
        Link.resetChannel(client);
        if (server != null) Link.resetChannel(server);
    }

    private boolean done;

    private void finished() {
        client.eventLoop().execute(() -> {
            if (done) return;
            if (client.isOpen() && server != null && server.isOpen()) return;
            if (server == null && client.isOpen()) return;
            done = true;
            metrics().connectionClosed();
            proxy.forget(this);
        });
    }

    /** Holds what the client sends before the upstream connection is up (at most {@link #EARLY_LIMIT} bytes read ahead). */
    private static final class Early extends ChannelInboundHandlerAdapter {
        private static final int EARLY_LIMIT = 256 << 10;
        final List<ByteBuf> pending = new java.util.ArrayList<>();
        boolean ended;
        private int bytes;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            pending.add(b);
            bytes += b.readableBytes();
            if (bytes > EARLY_LIMIT) ctx.channel().config().setAutoRead(false);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) ended = true;
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            pending.forEach(ByteBuf::release);
            pending.clear();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Feeds reads into a link; passes end-of-stream and writability to it. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Link link;
        private final java.util.function.Supplier<Link> reverse;

        Relay(Link link, java.util.function.Supplier<Link> reverse) {
            this.link = link;
            this.reverse = reverse;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            link.data((ByteBuf) msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            link.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            link.sourceClosed();
            reverse.get().destinationGone();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) link.sourceClosed();
            if (evt instanceof IdleStateEvent) {
                LOG.log(System.Logger.Level.DEBUG, "closing a proxied connection: no bytes either way within its idle timeout");
                link.source.close();
                link.destination.close();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            reverse.get().updateReading();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
