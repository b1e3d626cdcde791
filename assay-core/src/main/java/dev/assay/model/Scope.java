package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Which part of the target's traffic a fault touches: a percentage of requests (the faulted cohort; the rest
 * is the control cohort) and, for HTTP faults, an optional method and path prefix.
 */
public record Scope(double percent, Optional<String> method, Optional<String> pathPrefix) {
    public static final Scope ALL = new Scope(100, Optional.empty(), Optional.empty());

    public Scope {
        requireNonNull(method, "method");
        requireNonNull(pathPrefix, "pathPrefix");
        if (!(percent > 0 && percent <= 100)) throw new IllegalArgumentException("scope percent must be in (0, 100], was " + percent);
    }

    public static Scope percent(double percent) {
        return new Scope(percent, Optional.empty(), Optional.empty());
    }

    public double fraction() {
        return percent / 100.0;
    }
}
