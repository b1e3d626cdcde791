package dev.assay.telemetry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The live figures of one edge caller→callee: calls and errors, calls per calling request, call rate over the
 * observed span window, latency percentiles (from a bounded histogram) and what traces say about the
 * caller's resilience ({@link Inference}).
 */
public record EdgeStats(String from, String to, boolean sync, long calls, long errors, double callsPerRequest,
                        double callsPerSecond, Latency latency, Instant firstSeen, Instant lastSeen, Inference inference) {
    public EdgeStats {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(latency, "latency");
        requireNonNull(firstSeen, "firstSeen");
        requireNonNull(lastSeen, "lastSeen");
        requireNonNull(inference, "inference");
        if (calls < 0 || errors < 0 || errors > calls) throw new IllegalArgumentException("need 0 <= errors <= calls");
    }

    public String key() {
        return from + "->" + to;
    }

    public double errorRate() {
        return calls == 0 ? 0 : (double) errors / calls;
    }

    /** Latency percentiles in milliseconds. */
    public record Latency(double p50Ms, double p90Ms, double p99Ms, double maxMs) {
        public static final Latency NONE = new Latency(0, 0, 0, 0);
    }

    /**
     * Resilience the caller showed in traces: a client timeout (failed calls ending at a near-constant
     * duration), retries (repeated calls to the callee under one parent after a failure; {@code maxRetries}
     * is the most seen in one request) and fallbacks (the caller succeeded although the call finally failed).
     */
    public record Inference(Optional<Duration> timeout, long retriedCalls, int maxRetries, long failedCalls,
                            long fallbacks) {
        public static final Inference NONE = new Inference(Optional.empty(), 0, 0, 0, 0);

        public Inference {
            requireNonNull(timeout, "timeout");
        }

        /** Share of finally-failed calls whose caller still succeeded; empty before any call failed. */
        public Optional<Double> fallbackRatio() {
            return failedCalls == 0 ? Optional.empty() : Optional.of((double) fallbacks / failedCalls);
        }
    }
}
