package dev.assay.proxy;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One client connection through an HTTP-mode proxy. Requests are handled one at a time in arrival order
 * (pipelining keeps its order). Each gets a cohort from {@link HttpFaults}; faulted ones are delayed, answered
 * by the proxy ({@link LocalAnswers}) or have their response shaped as it streams ({@link ResponseShaper}).
 * Responses are relayed piece by piece as they arrive (chunked, server-sent events, Content-Length), never
 * gathered whole. Upstream connections come from the proxy's {@link UpstreamPool} as {@code http_reuse} allows.
 * A client that half-closes gets the answers to what it sent, then the connection closes; idle connections
 * close after {@link ConnectionLimits}' timeouts (a request waiting on a silent upstream gets a 504).
 */
final class HttpRelay implements UpstreamConnection.Owner, ResponseShaper.Sink {
    private static final System.Logger LOG = System.getLogger(HttpRelay.class.getName());
    private static final int MAX_REQUEST_BODY = 16 << 20;

    private record Exchange(FullHttpRequest request, boolean keepAlive, HttpFaults.Decision decision, String route, long startNanos,
                            ResponseShaper shaper, boolean head) {
    }

    private final ListeningProxy proxy;
    private final SocketChannel client;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private Exchange current;
    /** With {@code http_reuse: never}: this client connection's own upstream connection, idle between requests. */
    private UpstreamConnection own;
    /** The upstream connection the current request was written to (none while it waits on a delay toxic). */
    private UpstreamConnection inFlight;
    private boolean headSent;
    private boolean upstreamKeepAlive;
    private boolean retried;
    private int status;
    private boolean firstRequest = true;
    private IdleSweep.Entry quiet;
    /** The client half-closed (sent FIN): answer what it asked, then close. */
    private boolean clientEnded;

    HttpRelay(ListeningProxy proxy, SocketChannel client) {
        this.proxy = proxy;
        this.client = client;
    }

    void start() {
        proxy.metrics().connectionOpened();
        quiet = IdleSweep.watch(client.eventLoop(), proxy.limits().clientIdleOrDefault().toMillis(), this::quietTooLong);
        client.closeFuture().addListener(f -> clientClosed());
        client.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BODY), new FromClient());
        // Read and forward at once; what goes back waits for the caller's name (the lookup runs meanwhile).
        ResponseGate.install(client, Callers.of(client).caller());
        client.config().setAutoRead(true);
    }

    /** The client sent nothing and was sent nothing for its idle timeout: closed if no request is in hand. */
    private void quietTooLong() {
        if (current != null || !waiting.isEmpty()) return;
        LOG.log(System.Logger.Level.DEBUG, "proxy " + proxy.name() + ": closing a client connection idle for "
                + proxy.limits().clientIdleOrDefault().toSeconds() + "s");
        client.close();
    }

    private void clientClosed() {
        quiet.cancel();
        proxy.metrics().connectionClosed();
        proxy.forget(this);
        if (current != null) {
            current.shaper().discard();
            current.request().release();
            current = null;
        }
        abandonUpstream();
        if (own != null) own.close();
        own = null;
        waiting.forEach(FullHttpRequest::release);
        waiting.clear();
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

        /** After every read from the socket (also one that completed no request yet): the client is active. */
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            quiet.touch();
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (inFlight != null) inFlight.pauseReading(!ctx.channel().isWritable());
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                clientEnded = true;
                if (current == null && waiting.isEmpty()) client.close();
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
        HttpFaults.Decision decision = HttpFaults.decide(proxy.toxics(), request, proxy.quotas());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        current = new Exchange(request, keepAlive, decision, HttpFaults.route(request.uri()), System.nanoTime(),
                new ResponseShaper(this, decision), request.method().equals(HttpMethod.HEAD));
        request.headers().set(Cohort.HEADER, decision.cohort().wire());
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            // Hop-by-hop: the upstream connection's life is the proxy's business, not the client's.
            request.headers().remove(HttpHeaderNames.CONNECTION).remove(HttpHeaderNames.KEEP_ALIVE).remove("proxy-connection");
        }
        headSent = false;
        retried = false;
        status = 0;
        long delay = decision.delayMillis();
        if (delay > 0) client.eventLoop().schedule(this::act, delay, TimeUnit.MILLISECONDS);
        else act();
    }

    private void act() {
        Exchange ex = current;
        if (ex == null) return;
        Optional<FullHttpResponse> local = LocalAnswers.of(ex.decision());
        if (local.isPresent()) {
            respond(ex, local.get());
            return;
        }
        boolean mayReuse = switch (proxy.spec().httpReuse()) {
            case NEVER -> false;
            case SAFE -> !firstRequest;
            case ALWAYS -> true;
        };
        firstRequest = false;
        Optional<UpstreamConnection> idle = own != null && own.isActive() ? Optional.of(own)
                : mayReuse ? proxy.pool().take(client.eventLoop()) : Optional.empty();
        own = null;
        if (idle.isPresent()) send(idle.get());
        else dial(ex);
    }

    private void dial(Exchange ex) {
        UpstreamConnection[] made = new UpstreamConnection[1];
        UpstreamConnection.dial(client.eventLoop(), proxy.upstreamAddress(), proxy.limits().upstreamIdleOrDefault().toMillis(),
                proxy.pool().generation(), proxy.pool(), c -> made[0] = c).addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        proxy.metrics().upstreamError();
                        LOG.log(System.Logger.Level.WARNING, "proxy " + proxy.name() + ": upstream " + proxy.spec().upstream()
                                + " unreachable: " + f.cause().getMessage());
                        if (current == ex) respond(ex, LocalAnswers.json(502, "{\"error\":\"upstream " + proxy.spec().upstream() + " unreachable\"}"));
                        return;
                    }
                    if (current != ex || !client.isOpen()) {
                        // The client left while we dialled: its close listener saw no upstream to close.
                        f.channel().close();
                        return;
                    }
                    send(made[0]);
                });
    }

    /**
     * Writes the current request to {@code c}: its own view of the body (a retry after a closed reused connection
     * sends it again) with the request's headers as they are (read only by the encoder: not copied per request).
     */
    private void send(UpstreamConnection c) {
        inFlight = c;
        FullHttpRequest r = current.request();
        c.send(this, new DefaultFullHttpRequest(r.protocolVersion(), r.method(), r.uri(), r.content().retainedDuplicate(),
                r.headers(), r.trailingHeaders()));
    }

    @Override
    public void head(UpstreamConnection from, HttpResponse head) {
        if (from != inFlight || current == null) return;
        if (head.status().codeClass() == HttpStatusClass.INFORMATIONAL) return;
        upstreamKeepAlive = HttpUtil.isKeepAlive(head);
        current.shaper().head(head);
    }

    @Override
    public void content(UpstreamConnection from, HttpContent content) {
        try {
            if (from != inFlight || current == null) return;
            proxy.metrics().bytes(ToxicSpec.Stream.DOWNSTREAM, content.content().readableBytes());
            boolean last = content instanceof LastHttpContent;
            if (last) upstreamDone(from);
            current.shaper().content(content.content(), last);
        } finally {
            content.release();
        }
    }

    /** The upstream response is complete: its connection is free for the next request. */
    private void upstreamDone(UpstreamConnection from) {
        inFlight = null;
        if (!upstreamKeepAlive || !from.isActive()) {
            from.close();
            return;
        }
        from.release();
        if (proxy.spec().httpReuse() == ProxySpec.HttpReuse.NEVER) own = from;
        else proxy.pool().offer(from);
    }

    @Override
    public void readComplete(UpstreamConnection from) {
        client.flush();
    }

    @Override
    public void closed(UpstreamConnection from) {
        if (from == own) own = null;
        if (from != inFlight || current == null) return;
        inFlight = null;
        Exchange ex = current;
        if (headSent) {
            client.close();
        } else if (from.reused() && !retried) {
            // A kept-alive connection the upstream closed just as we sent: try once on a new one.
            retried = true;
            dial(ex);
        } else {
            respond(ex, LocalAnswers.json(502, "{\"error\":\"upstream closed the connection before responding\"}"));
        }
    }

    @Override
    public void idle(UpstreamConnection from) {
        if (from != inFlight || current == null) {
            from.close();
            return;
        }
        abandonUpstream();
        if (headSent) {
            client.close();
            return;
        }
        long s = proxy.limits().upstreamIdleOrDefault().toSeconds();
        LOG.log(System.Logger.Level.WARNING, "proxy " + proxy.name() + ": upstream " + proxy.spec().upstream()
                + " sent nothing for " + s + "s; answering 504");
        respond(current, LocalAnswers.json(504, "{\"error\":\"upstream " + proxy.spec().upstream() + " did not answer within " + s + "s\"}"));
    }

    @Override
    public void head(HttpResponse head) {
        Exchange ex = current;
        headSent = true;
        status = head.status().code();
        head.headers().set(Cohort.HEADER, ex.decision().cohort().wire());
        boolean keepAlive = ex.keepAlive();
        boolean bodyless = ex.head() || status == 204 || status == 304;
        if (!bodyless && !HttpUtil.isContentLengthSet(head) && !HttpUtil.isTransferEncodingChunked(head)) {
            // A read-until-close body: chunk it for an HTTP/1.1 client so its connection can stay open.
            if (ex.request().protocolVersion().equals(HttpVersion.HTTP_1_1)) HttpUtil.setTransferEncodingChunked(head, true);
            else keepAlive = false;
        }
        if (keepAlive != ex.keepAlive()) current = new Exchange(ex.request(), keepAlive, ex.decision(), ex.route(), ex.startNanos(), ex.shaper(), ex.head());
        HttpUtil.setKeepAlive(head, keepAlive);
        quiet.touch();
        client.write(head, client.voidPromise());
    }

    @Override
    public void body(io.netty.buffer.ByteBuf bytes, boolean flush) {
        quiet.touch();
        client.write(new DefaultHttpContent(bytes), client.voidPromise());
        if (flush) client.flush();
        if (inFlight != null && !client.isWritable()) inFlight.pauseReading(true);
    }

    @Override
    public void end(boolean thenClose) {
        finish(client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), status, thenClose);
    }

    @Override
    public void cut(boolean reset) {
        abandonUpstream();
        Exchange ex = current;
        proxy.metrics().request(client, ex.decision().cohort(), ex.route(), reset ? 0 : status, System.nanoTime() - ex.startNanos());
        current = null;
        ex.request().release();
        client.flush();
        if (reset) Link.resetChannel(client);
        else client.close();
    }

    @Override
    public void abandonUpstream() {
        UpstreamConnection c = inFlight;
        inFlight = null;
        if (c != null) c.close();
    }

    @Override
    public EventLoop eventLoop() {
        return client.eventLoop();
    }

    private void respond(Exchange ex, FullHttpResponse r) {
        r.headers().set(Cohort.HEADER, ex.decision().cohort().wire());
        HttpUtil.setKeepAlive(r, ex.keepAlive());
        status = r.status().code();
        quiet.touch();
        finish(client.writeAndFlush(r), status, false);
    }

    private void finish(io.netty.channel.ChannelFuture f, int code, boolean thenClose) {
        Exchange ex = current;
        proxy.metrics().request(client, ex.decision().cohort(), ex.route(), code, System.nanoTime() - ex.startNanos());
        current = null;
        ex.request().release();
        if (thenClose || !ex.keepAlive() || (clientEnded && waiting.isEmpty())) {
            f.addListener(ChannelFutureListener.CLOSE);
        } else {
            next();
        }
    }
}
