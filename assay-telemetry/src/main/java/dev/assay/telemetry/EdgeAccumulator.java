package dev.assay.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Mutable running figures of one edge, bounded in memory whatever the traffic: latencies go into an
 * HdrHistogram (2 significant digits, 1 µs .. 1 h), failed-call durations into at most
 * {@value #MAX_ERROR_BUCKETS} logarithmic buckets (2% wide) used to spot a constant client timeout.
 * Not thread-safe: {@link LiveGraph} serialises access.
 */
final class EdgeAccumulator {
    static final int MAX_ERROR_BUCKETS = 256;
    private static final double BUCKET_BASE = Math.log(1.02);
    private static final int MIN_TIMEOUT_EVIDENCE = 5;

    final String from;
    final String to;
    private final Histogram latencyMicros = new Histogram(1, 3_600_000_000L, 2);
    private final Map<Integer, long[]> errorBuckets = new HashMap<>(); // bucket -> {count, sumMicros}
    private long syncCalls;
    private long asyncCalls;
    private long errors;
    private long callingParents;
    private long retriedCalls;
    private int maxRetries;
    private long failedCalls;
    private long fallbacks;
    private long firstNanos = Long.MAX_VALUE;
    private long lastNanos = Long.MIN_VALUE;
    private EdgeStats measured;

    EdgeAccumulator(String from, String to) {
        this.from = from;
        this.to = to;
    }

    void recordCall(SpanRecord call, boolean sync) {
        if (sync) syncCalls++;
        else asyncCalls++;
        long micros = Math.max(1, Math.min(3_600_000_000L, call.durationNanos() / 1000));
        latencyMicros.recordValue(micros);
        if (call.error()) {
            errors++;
            int bucket = (int) Math.round(Math.log(micros / 1000.0 + 1e-9) / BUCKET_BASE);
            long[] b = errorBuckets.get(bucket);
            if (b == null && errorBuckets.size() < MAX_ERROR_BUCKETS) errorBuckets.put(bucket, b = new long[2]);
            if (b != null) {
                b[0]++;
                b[1] += micros;
            }
        }
        firstNanos = Math.min(firstNanos, call.startNanos());
        lastNanos = Math.max(lastNanos, call.startNanos());
    }

    /** Counts from a dependency link (no spans, so no latency or inference). */
    void recordLink(long calls, long errors, long nanos) {
        syncCalls += Math.max(0, calls);
        this.errors += Math.max(0, Math.min(errors, calls));
        firstNanos = Math.min(firstNanos, nanos);
        lastNanos = Math.max(lastNanos, nanos);
    }

    /** One calling request made {@code attempts} calls, {@code retried} of them after a failed one. */
    void recordRequest(int retried, boolean finallyFailed, boolean callerFailed) {
        callingParents++;
        retriedCalls += retried;
        maxRetries = Math.max(maxRetries, retried);
        if (finallyFailed) {
            failedCalls++;
            if (!callerFailed) fallbacks++;
        }
    }

    /** Figures measured elsewhere (the proxy's windowed history), kept as they are. */
    static EdgeAccumulator measured(EdgeStats stats) {
        EdgeAccumulator e = new EdgeAccumulator(stats.from(), stats.to());
        e.measured = stats;
        e.syncCalls = stats.calls();
        return e;
    }

    long calls() {
        return syncCalls + asyncCalls;
    }

    EdgeStats stats() {
        if (measured != null) return measured;
        long calls = calls();
        // Retries are the caller's resilience, not its normal fan-out: they are left out of calls per request.
        double cpr = callingParents == 0 ? 1.0 : Math.max(0.01, Math.round(100.0 * (calls - retriedCalls) / callingParents) / 100.0);
        double windowSeconds = Math.max(1.0, (lastNanos - firstNanos) / 1e9);
        EdgeStats.Latency latency = latencyMicros.getTotalCount() == 0 ? EdgeStats.Latency.NONE : new EdgeStats.Latency(
                latencyMicros.getValueAtPercentile(50) / 1000.0, latencyMicros.getValueAtPercentile(90) / 1000.0,
                latencyMicros.getValueAtPercentile(99) / 1000.0, latencyMicros.getMaxValue() / 1000.0);
        return new EdgeStats(from, to, syncCalls >= asyncCalls, calls, errors, cpr, calls / windowSeconds, latency,
                instant(firstNanos), instant(lastNanos),
                new EdgeStats.Inference(timeout(), retriedCalls, maxRetries, failedCalls, fallbacks));
    }

    /** A timeout shows as most failed calls ending at one duration: the mode bucket holds >= 60% of them. */
    private Optional<Duration> timeout() {
        long total = 0;
        long[] mode = null;
        for (long[] b : errorBuckets.values()) {
            total += b[0];
            if (mode == null || b[0] > mode[0]) mode = b;
        }
        if (mode == null || mode[0] < MIN_TIMEOUT_EVIDENCE || mode[0] < 0.6 * total) return Optional.empty();
        long meanMicros = mode[1] / mode[0];
        return Optional.of(Duration.ofMillis(Math.round(meanMicros / 1000.0)));
    }

    private static Instant instant(long nanos) {
        if (nanos == Long.MAX_VALUE || nanos == Long.MIN_VALUE) return Instant.EPOCH;
        return Instant.ofEpochSecond(0, nanos);
    }
}
