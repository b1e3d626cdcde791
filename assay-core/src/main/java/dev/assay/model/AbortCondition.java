package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Optional;

/**
 * A guard: when the SLI crosses the threshold during injection, every fault of the experiment is removed.
 * {@code DROPS_BY}/{@code RISES_BY} are relative to the baseline ({@code dropsBy: 2%} of orders/s).
 */
public record AbortCondition(String sli, Trigger trigger, Quantity threshold) {
    public enum Trigger {
        ABOVE("above"), BELOW("below"), DROPS_BY("dropsBy"), RISES_BY("risesBy");

        private final String id;

        Trigger(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Optional<Trigger> byId(String id) {
            return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
        }
    }

    public AbortCondition {
        requireNonNull(sli, "sli");
        requireNonNull(trigger, "trigger");
        requireNonNull(threshold, "threshold");
    }

    /** True when {@code observed} breaches this guard, given the SLI's {@code baseline} value. */
    public boolean breached(double observed, double baseline) {
        double t = threshold.value();
        return switch (trigger) {
            case ABOVE -> observed > t;
            case BELOW -> observed < t;
            case DROPS_BY -> baseline > 0 && (baseline - observed) / baseline > t;
            case RISES_BY -> baseline > 0 ? (observed - baseline) / baseline > t : observed > 0;
        };
    }
}
