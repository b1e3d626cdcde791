import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Tiny fast HTTP/1.1 upstream for the proxy benchmark: 200 "hello world\n", keep-alive aware. Args: port. */
public final class BenchUpstream {
    public static void main(String[] args) throws Exception {
        byte[] body = "hello world\n".getBytes(StandardCharsets.US_ASCII);
        var group = new EpollEventLoopGroup(1);
        new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 8192)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new SimpleChannelInboundHandler<HttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, HttpRequest req) {
                                        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                                                Unpooled.wrappedBuffer(body));
                                        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
                                        HttpUtil.setContentLength(r, body.length);
                                        boolean keep = HttpUtil.isKeepAlive(req);
                                        HttpUtil.setKeepAlive(r, keep);
                                        var f = ctx.writeAndFlush(r);
                                        if (!keep) f.addListener(ChannelFutureListener.CLOSE);
                                    }
                                });
                    }
                }).bind("127.0.0.1", Integer.parseInt(args[0])).sync();
        System.out.println("upstream on 127.0.0.1:" + args[0]);
        Thread.currentThread().join();
    }
}
