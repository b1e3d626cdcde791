package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A number with the unit it was written in, normalised: durations in milliseconds, ratios as fractions
 * ({@code 0.1%} is 0.001), plain numbers as they are. Parse with {@link Quantities}.
 */
public record Quantity(double value, Unit unit) {
    public enum Unit { MILLISECONDS, RATIO, NUMBER }

    public Quantity {
        requireNonNull(unit, "unit");
        if (!Double.isFinite(value)) throw new IllegalArgumentException("quantity must be finite, was " + value);
    }

    public static Quantity millis(double ms) {
        return new Quantity(ms, Unit.MILLISECONDS);
    }

    public static Quantity ratio(double fraction) {
        return new Quantity(fraction, Unit.RATIO);
    }

    public static Quantity number(double n) {
        return new Quantity(n, Unit.NUMBER);
    }

    public Duration duration() {
        if (unit != Unit.MILLISECONDS) throw new IllegalStateException(this + " is not a duration");
        return Duration.ofNanos(Math.round(value * 1_000_000));
    }

    /** The canonical spelling, which {@link Quantities#parse} reads back to an equal value. */
    @Override
    public String toString() {
        return switch (unit) {
            case MILLISECONDS -> Quantities.formatNumber(value) + "ms";
            case RATIO -> Quantities.formatPercent(value) + "%";
            case NUMBER -> Quantities.formatNumber(value);
        };
    }
}
