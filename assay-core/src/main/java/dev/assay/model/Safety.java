package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * The hard limits of one experiment: the fraction of the error budget it may spend, services it must never
 * touch, guards that abort it, how long the steady state must have held before it starts, and how long it
 * may run at most.
 */
public record Safety(double budgetFraction, List<String> exclusionZones, List<AbortCondition> abortWhen,
                     Duration minSteadyState, Duration maxDuration) {
    public static final Safety DEFAULTS = new Safety(0.01, List.of(), List.of(), Duration.ofMinutes(1), Duration.ofMinutes(10));

    public Safety {
        requireNonNull(minSteadyState, "minSteadyState");
        requireNonNull(maxDuration, "maxDuration");
        exclusionZones = List.copyOf(exclusionZones);
        abortWhen = List.copyOf(abortWhen);
        if (!(budgetFraction > 0 && budgetFraction <= 1)) {
            throw new IllegalArgumentException("budgetFraction must be in (0, 1], was " + budgetFraction);
        }
        if (minSteadyState.isNegative()) throw new IllegalArgumentException("minSteadyState must not be negative");
        if (maxDuration.isNegative() || maxDuration.isZero()) throw new IllegalArgumentException("maxDuration must be positive");
    }
}
