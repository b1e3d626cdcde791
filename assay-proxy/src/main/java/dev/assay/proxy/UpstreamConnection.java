package dev.assay.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * One HTTP/1.1 connection to a proxy's upstream, streaming what it reads to its current {@link Owner} (the
 * client connection whose request it carries). Between requests it has no owner and may sit in the
 * {@link UpstreamPool}; anything it reads then, or a quiet spell as long as the upstream idle timeout, closes it.
 * It is dialled on, and only ever used from, the event loop of the client connection that dialled it.
 */
final class UpstreamConnection {
    /** Who receives the response of the request in flight. All calls come on the connection's event loop. */
    interface Owner {
        void head(UpstreamConnection from, HttpResponse head);

        void content(UpstreamConnection from, HttpContent content);

        void readComplete(UpstreamConnection from);

        void closed(UpstreamConnection from);

        void idle(UpstreamConnection from);
    }

    private Channel channel;
    private IdleSweep.Entry quiet;
    private final long generation;
    private Owner owner;
    /** Requests this connection carried; above 0 it was reused, and may have been closed by the upstream meanwhile. */
    private int served;
    private volatile long idleSince;

    private UpstreamConnection(long generation) {
        this.generation = generation;
    }

    /** Dials {@code address} on {@code loop} (call on that loop); the future completes on that loop. */
    static ChannelFuture dial(EventLoop loop, InetSocketAddress address, long idleMillis, long generation, UpstreamPool pool,
                              java.util.function.Consumer<UpstreamConnection> made) {
        UpstreamConnection c = new UpstreamConnection(generation);
        ChannelFuture connect = Transport.dial(loop, address, false, new HttpClientCodec(), c.new Reader());
        c.channel = connect.channel();
        c.quiet = IdleSweep.watch(loop, idleMillis, c::quietTooLong);
        c.channel.closeFuture().addListener(f -> {
            c.quiet.cancel();
            pool.forget(c);
        });
        made.accept(c);
        return connect;
    }

    /** Nothing either way for the upstream idle timeout: the request in flight times out, an idle connection closes. */
    private void quietTooLong() {
        Owner o = owner;
        if (o != null) o.idle(this);
        else channel.close();
    }

    void send(Owner newOwner, Object request) {
        owner = newOwner;
        served++;
        quiet.touch();
        channel.writeAndFlush(request);
    }

    /** The response ended; the connection is free (the caller pools or closes it). */
    void release() {
        owner = null;
        channel.config().setAutoRead(true);
    }

    void idleSince(long nanos) {
        idleSince = nanos;
    }

    long idleSince() {
        return idleSince;
    }

    boolean reused() {
        return served > 1;
    }

    boolean isActive() {
        return channel.isActive();
    }

    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    long generation() {
        return generation;
    }

    void pauseReading(boolean pause) {
        channel.config().setAutoRead(!pause);
    }

    void close() {
        owner = null;
        channel.close();
    }


    private final class Reader extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Owner o = owner;
            if (o == null) {
                // Nothing was asked: an unsolicited answer means the connection's state is unknown.
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            if (msg instanceof HttpResponse head) o.head(UpstreamConnection.this, head);
            if (msg instanceof HttpContent content) o.content(UpstreamConnection.this, content);
            else if (!(msg instanceof HttpResponse)) ReferenceCountUtil.release(msg);
        }

        /** After the codec has passed on the end of a read-until-close body (the close future fires before it). */
        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Owner o = owner;
            owner = null;
            if (o != null) o.closed(UpstreamConnection.this);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            quiet.touch(); // after every read from the socket, also one that completed no message yet
            Owner o = owner;
            if (o != null) o.readComplete(UpstreamConnection.this);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
