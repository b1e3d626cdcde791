package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * The hard limits of one experiment: the fraction of the error budget it may spend, services it must never
 * touch, guards that abort it, how long the steady state must have held before it starts, how long it may
 * run at most, and optionally how many services besides the fault's target it may be predicted to degrade
 * ({@code maxBlastRadius}; empty means no limit of its own). The system file's {@code spec.safety} and an
 * intent's {@code safety} are merged by {@link dev.assay.safety.SystemSafety}: the stricter wins per field.
 */
public record Safety(double budgetFraction, List<String> exclusionZones, List<AbortCondition> abortWhen,
                     Duration minSteadyState, Duration maxDuration, OptionalInt maxBlastRadius) {
    public static final Safety DEFAULTS = new Safety(0.01, List.of(), List.of(), Duration.ofMinutes(1), Duration.ofMinutes(10));

    /**
     * No limit at all: what a system file's {@code spec.safety} field means when it is not set, so that merging
     * it with an intent's (the stricter wins) leaves the intent's value. Never the limits of an experiment by itself.
     */
    public static final Safety NONE = new Safety(1.0, List.of(), List.of(), Duration.ZERO, Duration.ofDays(36_500));

    public Safety {
        requireNonNull(minSteadyState, "minSteadyState");
        requireNonNull(maxDuration, "maxDuration");
        requireNonNull(maxBlastRadius, "maxBlastRadius");
        exclusionZones = List.copyOf(exclusionZones);
        abortWhen = List.copyOf(abortWhen);
        if (!(budgetFraction > 0 && budgetFraction <= 1)) {
            throw new IllegalArgumentException("budgetFraction must be in (0, 1], was " + budgetFraction);
        }
        if (minSteadyState.isNegative()) throw new IllegalArgumentException("minSteadyState must not be negative");
        if (maxDuration.isNegative() || maxDuration.isZero()) throw new IllegalArgumentException("maxDuration must be positive");
        if (maxBlastRadius.isPresent() && maxBlastRadius.getAsInt() < 0) {
            throw new IllegalArgumentException("maxBlastRadius must be >= 0, was " + maxBlastRadius.getAsInt());
        }
    }

    /** Limits without a blast-radius limit of their own. */
    public Safety(double budgetFraction, List<String> exclusionZones, List<AbortCondition> abortWhen, Duration minSteadyState, Duration maxDuration) {
        this(budgetFraction, exclusionZones, abortWhen, minSteadyState, maxDuration, OptionalInt.empty());
    }
}
