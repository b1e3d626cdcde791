package dev.assay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.List;

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
    Link up;
    Link down;

    TcpConnection(ListeningProxy proxy, Channel client) {
        this.proxy = proxy;
        this.client = client;
    }

    ProxyMetrics metrics() {
        return proxy.metrics();
    }

    /**
     * Called when the client connected (on its event loop): dial the upstream, then start relaying. Both channels
     * get their one relay handler at once; the client's holds what it sends until the upstream connection is up.
     */
    void start() {
        metrics().connectionOpened();
        client.closeFuture().addListener(f -> finished());
        // Read the client while the upstream is dialled: a client that sends and half-closes at once (FIN
        // before the upstream answered the dial) must not lose its end-of-stream.
        Relay fromClient = new Relay(this, true);
        client.pipeline().addLast(fromClient);
        client.config().setAutoRead(true);
        Relay fromServer = new Relay(this, false);
        ChannelFuture connect = Transport.dial(client.eventLoop(), proxy.upstreamAddress(), true, fromServer);
        server = connect.channel();
        up = new Link(this, ToxicSpec.Stream.UPSTREAM, client, server);
        down = new Link(this, ToxicSpec.Stream.DOWNSTREAM, server, client);
        fromClient.link = up;
        fromServer.link = down;
        IdleSweep.Entry clientIdle = IdleSweep.watch(client.eventLoop(), proxy.limits().clientIdleOrDefault().toMillis(), this::idle);
        IdleSweep.Entry serverIdle = IdleSweep.watch(client.eventLoop(), proxy.limits().upstreamIdleOrDefault().toMillis(), this::idle);
        up.idle(clientIdle, serverIdle);
        down.idle(serverIdle, clientIdle);
        client.closeFuture().addListener(f -> clientIdle.cancel());
        server.closeFuture().addListener(f -> {
            serverIdle.cancel();
            finished();
        });
        List<ActiveToxic> toxics = proxy.toxics();
        up.apply(toxics);
        down.apply(toxics);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                if (!(f.cause() instanceof java.nio.channels.ClosedChannelException)) { // not our own close while dialling
                    metrics().upstreamError();
                    LOG.log(System.Logger.Level.WARNING, "proxy " + proxy.name() + ": upstream " + proxy.spec().upstream()
                            + " unreachable (" + f.cause().getMessage() + "); closing the client connection");
                }
                fromClient.dropEarly();
                client.close();
                server.close();
                return;
            }
            if (!client.isActive()) {
                fromClient.dropEarly();
                server.close();
                return;
            }
            fromClient.connected();
            server.config().setAutoRead(true);
        });
    }

    private void idle() {
        LOG.log(System.Logger.Level.DEBUG, "closing a proxied connection: no bytes either way within its idle timeout");
        close();
    }

    /** The proxy's toxics changed: rebuild both chains on this connection's event loop. */
    void toxicsChanged(List<ActiveToxic> toxics) {
        client.eventLoop().execute(() -> {
            up.apply(toxics);
            down.apply(toxics);
        });
    }

    private int directionsDone;

    /** One direction delivered its end of stream; when both have, the connection is over. */
    void directionDone() {
        if (++directionsDone == 2) close();
    }

    void close() {
        client.close();
        server.close();
    }

    void reset() {
        Link.resetChannel(client);
        Link.resetChannel(server);
    }

    private boolean done;

    private void finished() {
        client.eventLoop().execute(() -> {
            if (done) return;
            if (client.isOpen() && server.isOpen()) return;
            done = true;
            metrics().connectionClosed();
            proxy.forget(this);
        });
    }

    /**
     * Feeds one channel's reads into its link, and passes end-of-stream and writability on. The client's relay
     * first holds what arrives before the upstream connection is up (at most {@link #EARLY_LIMIT} bytes read
     * ahead), then replays it.
     */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private static final int EARLY_LIMIT = 256 << 10;
        private final TcpConnection connection;
        Link link;
        /** While the upstream is dialled (client side only): what the client sent so far, and whether it ended. */
        private List<ByteBuf> early;
        private boolean earlyEnded;
        private int earlyBytes;

        Relay(TcpConnection connection, boolean holdsEarly) {
            this.connection = connection;
            this.early = holdsEarly ? new java.util.ArrayList<>(2) : null;
        }

        private Link reverse() {
            return link == connection.up ? connection.down : connection.up;
        }

        /** The upstream connection is up: replay what was held, then relay directly. */
        void connected() {
            List<ByteBuf> held = early;
            early = null;
            if (held == null) return;
            held.forEach(link::data);
            link.flush();
            if (earlyEnded) link.sourceClosed();
        }

        void dropEarly() {
            List<ByteBuf> held = early;
            early = null;
            if (held != null) held.forEach(ByteBuf::release);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            if (early != null) {
                early.add(b);
                earlyBytes += b.readableBytes();
                if (earlyBytes > EARLY_LIMIT) ctx.channel().config().setAutoRead(false);
                return;
            }
            link.data(b);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (early == null) link.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (early != null) {
                dropEarly(); // closed while dialling: the connect listener closes the upstream side
                return;
            }
            link.sourceClosed();
            reverse().destinationGone();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof ChannelInputShutdownEvent)) return;
            if (early != null) earlyEnded = true;
            else link.sourceClosed();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (early == null) reverse().updateReading();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
