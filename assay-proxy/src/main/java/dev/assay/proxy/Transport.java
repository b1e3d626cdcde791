package dev.assay.proxy;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;

/**
 * Native epoll on Linux when available (lower latency, precise timers), NIO elsewhere. With epoll, each proxy
 * listens with one {@code SO_REUSEPORT} socket per worker loop, so a connection is accepted on the loop that
 * serves it (no hand-off from an accept loop); {@code -Dassay.proxy.acceptLoop=true} keeps the single accept loop.
 */
final class Transport {
    private static final boolean EPOLL = Epoll.isAvailable() && !Boolean.getBoolean("assay.proxy.nio");

    private static final boolean REUSE_PORT = EPOLL && !Boolean.getBoolean("assay.proxy.acceptLoop");

    /** Netty sets TCP_NODELAY on every new socket channel itself (everywhere but Android): no second setsockopt. */
    static final boolean NODELAY_BY_DEFAULT = io.netty.util.internal.PlatformDependent.canEnableTcpNoDelayByDefault();

    private Transport() {
    }

    static EventLoopGroup group(int threads) {
        return EPOLL ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    }

    /** Whether to accept on the worker loops, one {@code SO_REUSEPORT} listener each. */
    static boolean acceptOnWorkers() {
        return REUSE_PORT;
    }

    static Class<? extends ServerSocketChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * Dials {@code address} from {@code loop} (call on that loop) with {@code handlers} as the new channel's pipeline:
     * what a {@code Bootstrap} does, without building one, its option maps, an initializer handler and an address
     * resolver per connection. TCP_NODELAY, a 5 s connect timeout; {@code relay} (TCP mode) also turns off reading
     * until asked and allows half-closure. The future completes on {@code loop}.
     */
    static ChannelFuture dial(EventLoop loop, InetSocketAddress address, boolean relay, ChannelHandler... handlers) {
        SocketChannel ch = EPOLL ? new EpollSocketChannel() : new NioSocketChannel();
        if (!NODELAY_BY_DEFAULT) ch.config().setOption(ChannelOption.TCP_NODELAY, true);
        ch.config().setConnectTimeoutMillis(5000);
        if (relay) {
            ch.config().setAutoRead(false);
            ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        }
        ch.pipeline().addLast(handlers);
        ChannelFuture registered = loop.register(ch);
        if (registered.isDone()) return registered.isSuccess() ? ch.connect(address) : registered;
        ChannelPromise connected = ch.newPromise();
        registered.addListener(f -> {
            if (f.isSuccess()) ch.connect(address, connected);
            else connected.setFailure(f.cause());
        });
        return connected;
    }
}
