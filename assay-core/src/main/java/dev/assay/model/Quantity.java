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

    /**
     * For people (guard names, abort reasons, the dashboard): rounded to 6 significant digits, so floating-point noise
     * ({@code 0.001 * 500 = 0.5000000000000004}) never shows: {@code 50%}, {@code 0.1%}, {@code 250 ms}, {@code 1.5 s},
     * {@code 14.4}. Use {@link #toString()} where the text must read back exactly.
     */
    public String text() {
        return switch (unit) {
            case MILLISECONDS -> Math.abs(value) >= 1000 ? Quantities.readable(value / 1000) + " s" : Quantities.readable(value) + " ms";
            case RATIO -> Quantities.readable(value * 100) + "%";
            case NUMBER -> Quantities.readable(value);
        };
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
