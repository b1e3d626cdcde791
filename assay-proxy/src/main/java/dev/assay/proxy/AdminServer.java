package dev.assay.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The admin HTTP server: Netty for the wire, one virtual thread per request for the (possibly binding) work. */
final class AdminServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AdminServer.class.getName());

    private final Channel channel;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();

    private AdminServer(Channel channel) {
        this.channel = channel;
    }

    static AdminServer start(Engine engine, String listen, Optional<String> token, EventLoopGroup boss, EventLoopGroup workers) {
        AdminApi api = new AdminApi(engine);
        InetSocketAddress address = Addresses.resolve(listen, "api listen");
        boolean loopback = address.getAddress() != null && address.getAddress().isLoopbackAddress();
        if (!loopback && token.isEmpty()) {
            throw FaultProxyException.badRequest("admin API address " + listen + " is not loopback: anyone who can reach it could"
                    + " inject faults. Pass --token T (clients then send 'Authorization: Bearer T') or listen on 127.0.0.1");
        }
        BrowserGuard guard = new BrowserGuard(loopback);
        AdminServer[] self = new AdminServer[1];
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(Transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(ApiJson.MAX_BYTES),
                                new Handler(api, token, guard, self[0].requests));
                    }
                });
        try {
            self[0] = new AdminServer(null);
            Channel ch = b.bind(address).syncUninterruptibly().channel();
            AdminServer server = new AdminServer(ch);
            self[0] = server;
            LOG.log(System.Logger.Level.INFO, "admin API (Toxiproxy-compatible) listening on " + Addresses.format((InetSocketAddress) ch.localAddress()));
            return server;
        } catch (Exception e) {
            if (e instanceof BindException || String.valueOf(e.getMessage()).contains("in use")) {
                throw new FaultProxyException(409, "admin API address " + listen + " is already in use (another assay proxy or"
                        + " toxiproxy-server?); stop it or pass --api-listen with another port");
            }
            throw FaultProxyException.badRequest("cannot listen on " + listen + " for the admin API: " + e.getMessage());
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        requests.shutdown();
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final AdminApi api;
        private final Optional<byte[]> token;
        private final BrowserGuard guard;
        private final ExecutorService requests;

        Handler(AdminApi api, Optional<String> token, BrowserGuard guard, ExecutorService requests) {
            this.api = api;
            this.guard = guard;
            this.token = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
            this.requests = requests;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String method = req.method().name();
            String uri = req.uri();
            String body = req.content().toString(StandardCharsets.UTF_8);
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            var refused = guard.check(method, Optional.ofNullable(req.headers().get(HttpHeaderNames.HOST)),
                    Optional.ofNullable(req.headers().get(HttpHeaderNames.ORIGIN)), Optional.ofNullable(req.headers().get(HttpHeaderNames.CONTENT_TYPE)),
                    req.headers().names().stream().anyMatch(h -> h.regionMatches(true, 0, "sec-fetch-", 0, 10)));
            if (refused.isPresent()) {
                FaultProxyException e = refused.get();
                LOG.log(System.Logger.Level.WARNING, "admin API refused " + method + " " + uri + ": " + e.getMessage());
                send(ctx, new AdminApi.Response(e.status(), "application/json", ApiJson.error(e.getMessage(), e.status()).toString()), false);
                return;
            }
            String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION, "");
            if (token.isPresent() && !MessageDigest.isEqual(token.get(), auth.getBytes(StandardCharsets.UTF_8))) {
                send(ctx, new AdminApi.Response(401, "application/json",
                        ApiJson.error("missing or wrong bearer token: send 'Authorization: Bearer <token>'", 401).toString()), keepAlive);
                return;
            }
            requests.execute(() -> {
                AdminApi.Response r;
                try {
                    r = api.handle(method, uri, body);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "admin API " + method + " " + uri + " failed", e);
                    r = new AdminApi.Response(500, "application/json", ApiJson.error("internal error: " + e, 500).toString());
                }
                send(ctx, r, keepAlive);
            });
        }

        private static void send(ChannelHandlerContext ctx, AdminApi.Response r, boolean keepAlive) {
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                    Unpooled.copiedBuffer(r.body(), StandardCharsets.UTF_8));
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
            HttpUtil.setContentLength(resp, resp.content().readableBytes());
            HttpUtil.setKeepAlive(resp, keepAlive);
            var f = ctx.writeAndFlush(resp);
            if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
