package dev.assay.proxy;

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

/**
 * Native epoll on Linux when available (lower latency, precise timers), NIO elsewhere. With epoll, each proxy
 * listens with one {@code SO_REUSEPORT} socket per worker loop, so a connection is accepted on the loop that
 * serves it (no hand-off from an accept loop); {@code -Dassay.proxy.acceptLoop=true} keeps the single accept loop.
 */
final class Transport {
    private static final boolean EPOLL = Epoll.isAvailable() && !Boolean.getBoolean("assay.proxy.nio");

    private static final boolean REUSE_PORT = EPOLL && !Boolean.getBoolean("assay.proxy.acceptLoop");

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
}
