package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A service-level objective: the share of good events ({@code objective}, e.g. 0.999) an error-ratio SLI must
 * keep over a rolling {@code window} (e.g. 30 days). Its error budget is {@code 1 - objective} of the events.
 */
public record Slo(String name, String sli, double objective, Duration window) {
    public Slo {
        requireNonNull(name, "name");
        requireNonNull(sli, "sli");
        requireNonNull(window, "window");
        if (!(objective > 0 && objective < 1)) throw new IllegalArgumentException("SLO objective must be in (0, 1), was " + objective);
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("SLO window must be positive, was " + window);
    }

    /** The allowed share of bad events. */
    public double budget() {
        return 1 - objective;
    }
}
