package dev.assay.verdict;

import java.util.Arrays;

/**
 * The raw observations of one SLI over one window (or one cohort): the unit the statistics work on. Rates are
 * counts, not ratios, so their uncertainty is known; latencies are the individual request durations.
 */
public sealed interface Measurement permits Measurement.Rate, Measurement.Latencies {
    /** How many independent observations this measurement holds. */
    long samples();

    /** {@code events} of {@code trials} requests (e.g. 12 errors out of 4000 requests). */
    record Rate(long events, long trials) implements Measurement {
        public Rate {
            if (trials < 0 || events < 0 || events > trials) {
                throw new IllegalArgumentException("a rate needs 0 <= events <= trials, was " + events + "/" + trials);
            }
        }

        public double value() {
            return trials == 0 ? 0 : (double) events / trials;
        }

        @Override
        public long samples() {
            return trials;
        }
    }

    /** Individual latencies in milliseconds, in any order. */
    record Latencies(double[] millis) implements Measurement {
        public Latencies {
            millis = millis.clone();
            for (double v : millis) {
                if (!Double.isFinite(v) || v < 0) throw new IllegalArgumentException("latency must be finite and >= 0, was " + v);
            }
        }

        @Override
        public double[] millis() {
            return millis.clone();
        }

        @Override
        public long samples() {
            return millis.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Latencies l && Arrays.equals(millis, l.millis);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(millis);
        }

        @Override
        public String toString() {
            return "Latencies[n=" + millis.length + "]";
        }
    }
}
