package dev.assay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the body toxics of one request ({@code slow_stream}, {@code stream_cut}, {@code malformed_body},
 * {@code http_abort}) do to its response as it streams through. Without them every piece passes straight on.
 * With them the body is cut into events (server-sent events end at a blank line; other bodies go chunk by
 * chunk as they arrive), and each event is rewritten, counted against the cut, and released at its time.
 * A malformed body that is not a stream is held whole and sent with its new length.
 */
final class ResponseShaper {
    /** Where the shaped response goes: the client connection. All calls on its event loop. */
    interface Sink {
        void head(HttpResponse head);

        /** Body bytes; {@code flush} when released by a timer (otherwise the read-complete flush sends them). */
        void body(ByteBuf bytes, boolean flush);

        /** The response is complete; {@code thenClose} ends the client connection after it. */
        void end(boolean thenClose);

        /** Stop here: close (or reset) the client connection without completing the response. */
        void cut(boolean reset);

        /** The rest of the upstream response is not wanted; its connection cannot be reused. */
        void abandonUpstream();

        io.netty.channel.EventLoop eventLoop();
    }

    private enum Kind { DATA, END, END_CLOSE, CUT, RESET }

    private record Unit(Kind kind, ByteBuf bytes, long releaseNanos) {
    }

    private final Sink sink;
    private final HttpFaults.Decision decision;
    private final long firstDelayNanos;
    private final long betweenNanos;
    private final Optional<ToxicSpec> cut;
    private final Optional<ToxicSpec> malformed;
    private final long abortAfter;
    private final boolean shaping;
    private boolean sse;
    private boolean chunked;
    private HttpResponse heldHead;
    private ByteBuf pending;
    private long events;
    private long bytes;
    private boolean done;
    /** Units waiting for their release time: only while shaping (created then). */
    private final ArrayDeque<Unit> queue;
    private ScheduledFuture<?> timer;
    private long lastRelease;
    private boolean released;

    ResponseShaper(Sink sink, HttpFaults.Decision decision) {
        this.sink = sink;
        this.decision = decision;
        if (decision.fired().isEmpty()) { // a control: every piece passes straight on
            firstDelayNanos = 0;
            betweenNanos = 0;
            cut = Optional.empty();
            malformed = Optional.empty();
            abortAfter = -1;
            shaping = false;
            queue = null;
            return;
        }
        var slow = decision.first(ToxicKind.SLOW_STREAM).map(ActiveToxic::spec);
        firstDelayNanos = TimeUnit.MILLISECONDS.toNanos(slow.map(s -> s.longAttribute("first_event_delay")).orElse(0L));
        betweenNanos = TimeUnit.MILLISECONDS.toNanos(slow.map(s -> s.longAttribute("between_events_delay")).orElse(0L));
        cut = decision.first(ToxicKind.STREAM_CUT).map(ActiveToxic::spec);
        malformed = decision.first(ToxicKind.MALFORMED_BODY).map(ActiveToxic::spec);
        abortAfter = decision.first(ToxicKind.HTTP_ABORT).map(t -> t.spec().longAttribute("after_bytes")).orElse(-1L);
        shaping = slow.isPresent() || cut.isPresent() || malformed.isPresent() || abortAfter >= 0;
        queue = shaping ? new ArrayDeque<>() : null;
    }

    void head(HttpResponse head) {
        if (!shaping) { // nothing reads the kind of body: pass the head on as it is
            sink.head(head);
            return;
        }
        String type = head.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        sse = type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
        chunked = HttpUtil.isTransferEncodingChunked(head);
        if (malformed.isPresent() && !sse) {
            heldHead = head;
            return;
        }
        sink.head(head);
        if (cut.isPresent() && ((cut.get().attributes().containsKey("after_events") && cut.get().longAttribute("after_events") == 0)
                || (cut.get().attributes().containsKey("after_bytes") && cut.get().longAttribute("after_bytes") == 0))) {
            terminate();
        }
    }

    /** A piece of the upstream body (owned by the caller); {@code last} when the upstream response ended. */
    void content(ByteBuf piece, boolean last) {
        if (done) return;
        if (!shaping) {
            if (piece.isReadable()) sink.body(piece.retain(), false);
            if (last) sink.end(false);
            return;
        }
        if (abortAfter >= 0) {
            abort(piece);
            return;
        }
        if (malformed.isPresent() && !sse) {
            pending = append(pending, piece);
            if (last) wholeMalformed();
            return;
        }
        if (sse) {
            pending = append(pending, piece);
            int end;
            while (!done && pending != null && (end = SseEvents.endOfEvent(pending)) >= 0) unit(pending.readRetainedSlice(end));
            if (last && !done && pending != null && pending.isReadable()) unit(pending.readRetainedSlice(pending.readableBytes()));
        } else if (piece.isReadable()) {
            unit(piece.retain());
        }
        if (last && !done) {
            done = true;
            schedule(Kind.END, null);
        }
    }

    private void abort(ByteBuf piece) {
        long room = abortAfter - bytes;
        int n = (int) Math.min(room, piece.readableBytes());
        bytes += n;
        if (n > 0) sink.body(piece.retainedSlice(piece.readerIndex(), n), false);
        if (bytes >= abortAfter) {
            done = true;
            sink.abandonUpstream();
            sink.cut(true);
        }
    }

    private void wholeMalformed() {
        done = true;
        byte[] body = new byte[pending == null ? 0 : pending.readableBytes()];
        if (pending != null) pending.readBytes(body);
        byte[] out = MalformedBody.apply(malformed.get(), body);
        HttpUtil.setTransferEncodingChunked(heldHead, false);
        HttpUtil.setContentLength(heldHead, out.length);
        sink.head(heldHead);
        schedule(Kind.DATA, Unpooled.wrappedBuffer(out));
        schedule(Kind.END, null);
    }

    /** One event (SSE) or chunk: rewritten, counted against the cut, then queued. Takes ownership. */
    private void unit(ByteBuf event) {
        if (malformed.isPresent()) event = SseEvents.rewriteData(event, data -> MalformedBody.apply(malformed.get(), data));
        if (cut.isPresent() && cut.get().attributes().containsKey("after_bytes")) {
            long room = cut.get().longAttribute("after_bytes") - bytes;
            if (event.readableBytes() >= room) {
                ByteBuf part = event.readRetainedSlice((int) room);
                event.release();
                bytes += room;
                schedule(Kind.DATA, part);
                terminate();
                return;
            }
        }
        bytes += event.readableBytes();
        events++;
        schedule(Kind.DATA, event);
        if (cut.isPresent() && cut.get().attributes().containsKey("after_events") && events >= cut.get().longAttribute("after_events")) {
            terminate();
        }
    }

    /** The cut: optionally a final event, then a clean end or an abrupt close. */
    private void terminate() {
        done = true;
        sink.abandonUpstream();
        long finalEvent = cut.get().longAttribute("final_event");
        if (finalEvent > 0 && sse) {
            String text = finalEvent == 1 ? "data: [DONE]\n\n"
                    : "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"stream_cut\",\"message\":\"stream cut by assay proxy toxic "
                    + cut.get().name() + "\"}}\n\n";
            schedule(Kind.DATA, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        }
        schedule(finalEvent > 0 && (sse || chunked) ? Kind.END_CLOSE : Kind.CUT, null);
    }

    private static ByteBuf append(ByteBuf into, ByteBuf piece) {
        if (into == null) into = Unpooled.buffer(Math.max(256, piece.readableBytes()));
        into.discardReadBytes();
        into.writeBytes(piece, piece.readerIndex(), piece.readableBytes());
        return into;
    }

    private void schedule(Kind kind, ByteBuf b) {
        long now = System.nanoTime();
        long at = now;
        if (kind == Kind.DATA) {
            at = !released ? now + firstDelayNanos : Math.max(now, lastRelease + betweenNanos);
            released = true;
        }
        at = Math.max(at, lastRelease);
        lastRelease = at;
        queue.add(new Unit(kind, b, at));
        if (queue.size() == 1) arm();
    }

    private void arm() {
        Unit head = queue.peek();
        if (head == null) return;
        long wait = head.releaseNanos - System.nanoTime();
        if (wait <= 0) drain(false);
        else timer = sink.eventLoop().schedule(() -> drain(true), wait, TimeUnit.NANOSECONDS);
    }

    private void drain(boolean fromTimer) {
        timer = null;
        long now = System.nanoTime();
        Unit u;
        while ((u = queue.peek()) != null && u.releaseNanos <= now) {
            queue.poll();
            switch (u.kind) {
                case DATA -> sink.body(u.bytes, fromTimer);
                case END -> sink.end(false);
                case END_CLOSE -> sink.end(true);
                case CUT -> sink.cut(false);
                case RESET -> sink.cut(true);
            }
        }
        if (!queue.isEmpty()) arm();
    }

    /** The client went away: drop what is held. */
    void discard() {
        done = true;
        if (timer != null) timer.cancel(false);
        timer = null;
        if (queue != null) {
            queue.forEach(u -> {
                if (u.bytes != null) u.bytes.release();
            });
            queue.clear();
        }
        if (pending != null) pending.release();
        pending = null;
    }

    HttpFaults.Decision decision() {
        return decision;
    }
}
