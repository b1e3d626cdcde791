package dev.assay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** The TCP toxics, with Toxiproxy 2.x semantics (units: milliseconds unless said otherwise). */
final class NetworkToxics {
    private static final long MS = 1_000_000L;

    private NetworkToxics() {
    }

    /** The stage for {@code toxic} on one link; toxicity is rolled once per connection, as Toxiproxy does. */
    static Stage stage(ActiveToxic toxic, Link link) {
        ToxicSpec spec = toxic.spec();
        if (ThreadLocalRandom.current().nextDouble() >= spec.toxicity()) return new Stage.Pass(link);
        return switch (toxic.kind()) {
            case LATENCY -> new Latency(link, spec.longAttribute("latency"), spec.longAttribute("jitter"));
            case BANDWIDTH -> new Bandwidth(link, spec.longAttribute("rate"));
            case SLOW_CLOSE -> new SlowClose(link, spec.longAttribute("delay"));
            case TIMEOUT -> new Timeout(link, spec.longAttribute("timeout"));
            case RESET_PEER -> new ResetPeer(link, spec.longAttribute("timeout"));
            case SLICER -> new Slicer(link, spec.longAttribute("average_size"), spec.longAttribute("size_variation"),
                    spec.longAttribute("delay"));
            case LIMIT_DATA -> new LimitData(link, spec.longAttribute("bytes"));
            case HTTP_ERROR, HTTP_DELAY, HTTP_ABORT, HTTP_RATE_LIMIT, HTTP_OVERLOADED, SLOW_STREAM, STREAM_CUT, MALFORMED_BODY -> new Stage.Pass(link);
        };
    }

    /** Each chunk leaves latency ± jitter after it arrived, never before the chunk ahead of it. */
    static final class Latency extends TimedStage {
        private final long latency;
        private final long jitter;

        Latency(Link link, long latencyMs, long jitterMs) {
            super(link);
            this.latency = latencyMs * MS;
            this.jitter = jitterMs * MS;
        }

        @Override
        void data(ByteBuf chunk, long arrivalNanos) {
            long delay = latency;
            if (jitter > 0) delay += ThreadLocalRandom.current().nextLong(-jitter, jitter);
            enqueue(chunk, arrivalNanos, arrivalNanos + Math.max(0, delay));
        }
    }

    /** Limits throughput to {@code rate} KB/s, releasing at most 100 ms worth at a time. */
    static final class Bandwidth extends TimedStage {
        private final long bytesPerSecond;

        Bandwidth(Link link, long rateKbps) {
            super(link);
            this.bytesPerSecond = rateKbps * 1000;
        }

        @Override
        void data(ByteBuf chunk, long arrivalNanos) {
            if (bytesPerSecond <= 0) {
                enqueue(chunk, arrivalNanos, System.nanoTime());
                return;
            }
            int step = (int) Math.max(1, bytesPerSecond / 10);
            long t = Math.max(System.nanoTime(), lastRelease);
            while (chunk.readableBytes() > 0) {
                int n = Math.min(step, chunk.readableBytes());
                ByteBuf part = chunk.readRetainedSlice(n);
                t += n * 1_000_000_000L / bytesPerSecond;
                enqueue(part, arrivalNanos, t);
            }
            chunk.release();
        }
    }

    /** Cuts chunks into slices of average_size ± size_variation bytes, delay microseconds apart. */
    static final class Slicer extends TimedStage {
        private final long average;
        private final long variation;
        private final long delayNanos;

        Slicer(Link link, long averageSize, long sizeVariation, long delayMicros) {
            super(link);
            this.average = averageSize;
            this.variation = Math.min(sizeVariation, averageSize - 1);
            this.delayNanos = delayMicros * 1000;
        }

        @Override
        void data(ByteBuf chunk, long arrivalNanos) {
            long t = Math.max(System.nanoTime(), lastRelease);
            boolean first = true;
            while (chunk.readableBytes() > 0) {
                long size = variation > 0 ? average + ThreadLocalRandom.current().nextLong(-variation, variation + 1) : average;
                int n = (int) Math.min(Math.max(1, size), chunk.readableBytes());
                if (!first) t += delayNanos;
                first = false;
                enqueue(chunk.readRetainedSlice(n), arrivalNanos, t);
            }
            chunk.release();
        }
    }

    /** Data passes; the close is delayed by {@code delay}. */
    static final class SlowClose extends TimedStage {
        private final long delay;

        SlowClose(Link link, long delayMs) {
            super(link);
            this.delay = delayMs * MS;
        }

        @Override
        void data(ByteBuf chunk, long arrivalNanos) {
            enqueue(chunk, arrivalNanos, System.nanoTime());
        }

        @Override
        void close() {
            enqueueClose(delay);
        }
    }

    /**
     * Stops all data (it is meant to: a blackhole) and closes the connection {@code timeout} after the last
     * chunk; 0 never closes. Removing the toxic closes the connection, as Toxiproxy's cleanup does, so the
     * swallowed data is never lost silently.
     */
    static final class Timeout extends Stage {
        private final long timeout;
        private ScheduledFuture<?> timer;
        private boolean closed;

        Timeout(Link link, long timeoutMs) {
            super(link);
            this.timeout = timeoutMs * MS;
            arm();
        }

        private void arm() {
            if (timer != null) timer.cancel(false);
            if (timeout > 0) timer = link.eventLoop().schedule(this::close, timeout, TimeUnit.NANOSECONDS);
        }

        @Override
        void data(ByteBuf chunk, long arrivalNanos) {
            chunk.release();
            if (!closed) arm();
        }

        @Override
        void close() {
            if (closed) return;
            closed = true;
            if (timer != null) timer.cancel(false);
            next.close();
        }

        @Override
        void detach() {
            close();
        }
    }

    /** On the first data, waits {@code timeout} then resets the connection (TCP RST); data is discarded. */
    static final class ResetPeer extends Stage {
        private final long timeout;
        private boolean triggered;

        ResetPeer(Link link, long timeoutMs) {
            super(link);
            this.timeout = timeoutMs * MS;
        }

        @Override
        void data(ByteBuf chunk, long arrivalNanos) {
            chunk.release();
            trigger();
        }

        @Override
        void close() {
            trigger();
        }

        private void trigger() {
            if (triggered) return;
            triggered = true;
            link.eventLoop().schedule(link::reset, timeout, TimeUnit.NANOSECONDS);
        }
    }

    /** Passes the first {@code bytes} bytes, then closes the connection. */
    static final class LimitData extends Stage {
        private long remaining;
        private boolean closed;

        LimitData(Link link, long bytes) {
            super(link);
            this.remaining = bytes;
        }

        @Override
        void data(ByteBuf chunk, long arrivalNanos) {
            if (closed) {
                chunk.release();
                return;
            }
            if (chunk.readableBytes() > remaining) chunk.writerIndex(chunk.readerIndex() + (int) remaining);
            remaining -= chunk.readableBytes();
            if (chunk.readableBytes() > 0) next.data(chunk, arrivalNanos);
            else chunk.release();
            if (remaining == 0) close();
        }

        @Override
        void close() {
            if (closed) return;
            closed = true;
            next.close();
        }
    }
}
