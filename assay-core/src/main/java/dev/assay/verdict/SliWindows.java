package dev.assay.verdict;

import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;

/**
 * One service's (or journey's) SLIs as an experiment measured them, in its baseline window and in the fault window
 * its verdict (or its abort) came from: error rate, the requests it was measured over, and latency percentiles where
 * the SLI source has them. What the mechanism belief learns from (a service's measured error rate and p99).
 */
public record SliWindows(String name, boolean journey, Window baseline, Window fault) {
    public SliWindows {
        requireNonNull(name, "name");
        requireNonNull(baseline, "baseline");
        requireNonNull(fault, "fault");
    }

    /** One window's readings: error rate (a fraction) over {@code requests}, and p50/p99 latency (ms) when known. */
    public record Window(double errorRate, long requests, OptionalDouble p50Ms, OptionalDouble p99Ms) {
        public Window {
            if (!(errorRate >= 0 && errorRate <= 1)) throw new IllegalArgumentException("error rate must be in [0, 1], was " + errorRate);
            if (requests < 0) throw new IllegalArgumentException("requests must be >= 0, was " + requests);
            requireNonNull(p50Ms, "p50Ms");
            requireNonNull(p99Ms, "p99Ms");
            p50Ms.ifPresent(v -> check(v, "p50"));
            p99Ms.ifPresent(v -> check(v, "p99"));
        }

        private static void check(double v, String what) {
            if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(what + " must be a latency >= 0 ms, was " + v);
        }
    }

    /** Whether both windows have a p99 (what the mechanism belief needs besides the error rates). */
    public boolean hasP99() {
        return baseline.p99Ms().isPresent() && fault.p99Ms().isPresent();
    }
}
