package dev.assay.model;

import static java.util.Objects.requireNonNull;

/**
 * One acceptance criterion of an intent: an SLI ({@code checkout.latency.p99}, {@code checkout.errors.rate})
 * must stay below or above a threshold while the fault is active.
 */
public record Expectation(String sli, Comparison comparison, Quantity threshold) {
    public enum Comparison {
        BELOW("below"), ABOVE("above");

        private final String id;

        Comparison(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public boolean holds(double observed, double threshold) {
            return this == BELOW ? observed < threshold : observed > threshold;
        }
    }

    public Expectation {
        requireNonNull(sli, "sli");
        requireNonNull(comparison, "comparison");
        requireNonNull(threshold, "threshold");
    }

    public boolean holds(double observed) {
        return comparison.holds(observed, threshold.value());
    }
}
