package dev.assay.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One client connection through an HTTP-mode proxy. Requests are handled one at a time in arrival order
 * (pipelining keeps its order) over one keep-alive upstream connection. Each request gets a cohort from
 * {@link HttpFaults}; faulted ones are delayed, answered with an error status, or aborted mid-response.
 * A client that half-closes gets the answers to what it sent, then the connection closes; idle connections
 * close after {@link ConnectionLimits}' timeouts (a request waiting on a silent upstream gets a 504).
 */
final class HttpRelay {
    private static final System.Logger LOG = System.getLogger(HttpRelay.class.getName());
    private static final int MAX_BODY = 16 << 20;

    private record Exchange(FullHttpRequest request, boolean keepAlive, HttpFaults.Decision decision, String route, long startNanos) {
    }

    private final ListeningProxy proxy;
    private final SocketChannel client;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private Exchange current;
    private Channel upstream;
    /** The upstream connection the current request was written to (none while it waits on a delay toxic). */
    private Channel inFlightOn;
    /** The client half-closed (sent FIN): answer what it asked, then close. */
    private boolean clientEnded;

    HttpRelay(ListeningProxy proxy, SocketChannel client) {
        this.proxy = proxy;
        this.client = client;
    }

    void start() {
        proxy.metrics().connectionOpened();
        client.closeFuture().addListener(f -> {
            proxy.metrics().connectionClosed();
            proxy.forget(this);
            if (upstream != null) upstream.close();
            waiting.forEach(FullHttpRequest::release);
            waiting.clear();
        });
        client.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), new FromClient());
        Callers.readWhenKnown(client);
    }

    void close() {
        client.close();
    }

    private final class FromClient extends SimpleChannelInboundHandler<FullHttpRequest> {
        FromClient() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            proxy.metrics().bytes(ToxicSpec.Stream.UPSTREAM, request.content().readableBytes());
            waiting.add(request);
            if (current == null) next();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                clientEnded = true;
                if (current == null && waiting.isEmpty()) client.close();
            } else if (evt instanceof IdleStateEvent && current == null && waiting.isEmpty()) {
                LOG.log(System.Logger.Level.DEBUG, "proxy " + proxy.name() + ": closing a client connection idle for "
                        + proxy.limits().clientIdleOrDefault().toSeconds() + "s");
                client.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private void next() {
        FullHttpRequest request = waiting.poll();
        if (request == null || !client.isActive()) {
            if (request != null) request.release();
            if (clientEnded || !client.isActive()) client.close();
            return;
        }
        HttpFaults.Decision decision = HttpFaults.decide(proxy.toxics(), request);
        current = new Exchange(request, HttpUtil.isKeepAlive(request), decision, HttpFaults.route(request.uri()), System.nanoTime());
        request.headers().set(Cohort.HEADER, decision.cohort().wire());
        long delay = decision.delayMillis();
        if (delay > 0) client.eventLoop().schedule(this::act, delay, TimeUnit.MILLISECONDS);
        else act();
    }

    private void act() {
        Exchange ex = current;
        var error = ex.decision().first(ToxicKind.HTTP_ERROR);
        if (error.isPresent()) {
            int status = (int) error.get().spec().longAttribute("status");
            ex.request().release();
            respond(ex, status, "{\"error\":\"fault injected by assay proxy\",\"toxic\":\"" + error.get().spec().name() + "\"}");
            return;
        }
        if (upstream != null && upstream.isActive()) {
            inFlightOn = upstream;
            upstream.writeAndFlush(ex.request());
            return;
        }
        Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(Transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new io.netty.channel.ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        long idle = proxy.limits().upstreamIdleOrDefault().toMillis();
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS), new HttpClientCodec(),
                                new HttpObjectAggregator(MAX_BODY), new FromUpstream());
                    }
                });
        b.connect(proxy.upstreamAddress()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                proxy.metrics().upstreamError();
                LOG.log(System.Logger.Level.WARNING, "proxy " + proxy.name() + ": upstream " + proxy.spec().upstream() + " unreachable: "
                        + f.cause().getMessage());
                ex.request().release();
                respond(ex, 502, "{\"error\":\"upstream " + proxy.spec().upstream() + " unreachable\"}");
                return;
            }
            Channel ch = f.channel();
            if (!client.isOpen()) {
                // The client left while we dialled: its close listener saw no upstream to close.
                ch.close();
                ex.request().release();
                return;
            }
            upstream = ch;
            inFlightOn = ch;
            ch.closeFuture().addListener(x -> upstreamClosed(ch));
            upstream.writeAndFlush(ex.request());
        });
    }

    private void upstreamClosed(Channel which) {
        client.eventLoop().execute(() -> {
            if (which == upstream) upstream = null;
            if (current != null && inFlightOn == which) {
                inFlightOn = null;
                Exchange ex = current;
                respond(ex, 502, "{\"error\":\"upstream closed the connection before responding\"}");
            }
        });
    }

    private final class FromUpstream extends SimpleChannelInboundHandler<FullHttpResponse> {
        FromUpstream() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Exchange ex = current;
            if (ex == null) {
                response.release();
                return;
            }
            proxy.metrics().bytes(ToxicSpec.Stream.DOWNSTREAM, response.content().readableBytes());
            if (!HttpUtil.isKeepAlive(response)) {
                upstream = null;
                ctx.close();
            }
            var abort = ex.decision().first(ToxicKind.HTTP_ABORT);
            if (abort.isPresent()) {
                abortMidResponse(ex, response, (int) abort.get().spec().longAttribute("after_bytes"));
                return;
            }
            response.headers().set(Cohort.HEADER, ex.decision().cohort().wire());
            HttpUtil.setKeepAlive(response, ex.keepAlive());
            finish(ex, response.status().code(), response);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof IdleStateEvent)) return;
            Channel ch = ctx.channel();
            if (current != null && ch == inFlightOn) {
                upstream = null;
                inFlightOn = null;
                ch.close();
                long s = proxy.limits().upstreamIdleOrDefault().toSeconds();
                LOG.log(System.Logger.Level.WARNING, "proxy " + proxy.name() + ": upstream " + proxy.spec().upstream()
                        + " sent nothing for " + s + "s; answering 504");
                respond(current, 504, "{\"error\":\"upstream " + proxy.spec().upstream() + " did not answer within " + s + "s\"}");
            } else {
                if (ch == upstream) upstream = null;
                ch.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Sends the status line, headers and the first {@code afterBytes} of the body, then resets the connection. */
    private void abortMidResponse(Exchange ex, FullHttpResponse response, int afterBytes) {
        DefaultHttpResponse head = new DefaultHttpResponse(response.protocolVersion(), response.status(), response.headers());
        head.headers().set(Cohort.HEADER, ex.decision().cohort().wire());
        HttpUtil.setContentLength(head, response.content().readableBytes());
        ByteBuf part = response.content().retainedSlice(0, Math.min(afterBytes, response.content().readableBytes()));
        response.release();
        proxy.metrics().request(client, ex.decision().cohort(), ex.route(), 0, System.nanoTime() - ex.startNanos());
        current = null;
        inFlightOn = null;
        client.write(head);
        client.writeAndFlush(new io.netty.handler.codec.http.DefaultHttpContent(part)).addListener(f -> Link.resetChannel(client));
    }

    private void respond(Exchange ex, int status, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        r.headers().set(Cohort.HEADER, ex.decision().cohort().wire());
        HttpUtil.setContentLength(r, r.content().readableBytes());
        HttpUtil.setKeepAlive(r, ex.keepAlive());
        finish(ex, status, r);
    }

    private void finish(Exchange ex, int status, FullHttpResponse response) {
        proxy.metrics().request(client, ex.decision().cohort(), ex.route(), status, System.nanoTime() - ex.startNanos());
        current = null;
        inFlightOn = null;
        var f = client.writeAndFlush(response);
        if (!ex.keepAlive() || (clientEnded && waiting.isEmpty())) {
            f.addListener(ChannelFutureListener.CLOSE);
        } else {
            next();
        }
    }
}
