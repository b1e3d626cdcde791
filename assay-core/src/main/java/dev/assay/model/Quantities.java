package dev.assay.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the units users write: durations ({@code 250ms}, {@code 1.5s}, {@code 15m}, {@code 2h}, {@code 1d}),
 * percentages ({@code 0.1%}) and plain numbers. Returns empty for text it cannot read, so callers can
 * report a positioned problem.
 */
public final class Quantities {
    private static final Pattern QUANTITY = Pattern.compile("^\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*(us|µs|ms|s|m|h|d|%)?\\s*$");

    private Quantities() {
    }

    public static Optional<Quantity> parse(String text) {
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) return Optional.empty();
        // Decimal arithmetic, so "0.1%" is exactly the double 0.001 and printing reads back equal.
        BigDecimal v = new BigDecimal(m.group(1));
        String unit = m.group(2);
        if (unit == null) return Optional.of(Quantity.number(v.doubleValue()));
        return Optional.of(switch (unit) {
            case "us", "µs" -> Quantity.millis(v.movePointLeft(3).doubleValue());
            case "ms" -> Quantity.millis(v.doubleValue());
            case "s" -> Quantity.millis(v.movePointRight(3).doubleValue());
            case "m" -> Quantity.millis(v.multiply(BigDecimal.valueOf(60_000)).doubleValue());
            case "h" -> Quantity.millis(v.multiply(BigDecimal.valueOf(3_600_000)).doubleValue());
            case "d" -> Quantity.millis(v.multiply(BigDecimal.valueOf(86_400_000)).doubleValue());
            case "%" -> Quantity.ratio(v.movePointLeft(2).doubleValue());
            default -> throw new IllegalStateException("unit " + unit);
        });
    }

    /** A duration with a unit ({@code 15m}); a bare number is not a duration (say which unit you mean). */
    public static Optional<Duration> parseDuration(String text) {
        return parse(text).filter(q -> q.unit() == Quantity.Unit.MILLISECONDS && q.value() >= 0).map(Quantity::duration);
    }

    /** A ratio: {@code 0.1%} or a plain fraction {@code 0.001}. */
    public static Optional<Double> parseRatio(String text) {
        return parse(text).filter(q -> q.unit() != Quantity.Unit.MILLISECONDS).map(Quantity::value);
    }

    /** The shortest spelling of a duration that reads back exactly: {@code 15m}, {@code 400ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (Duration.ofMillis(ms).equals(d)) {
            if (ms != 0 && ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
            if (ms != 0 && ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
            if (ms != 0 && ms % 60_000 == 0) return ms / 60_000 + "m";
            if (ms != 0 && ms % 1000 == 0) return ms / 1000 + "s";
            return ms + "ms";
        }
        return formatNumber(d.toNanos() / 1_000_000.0) + "ms";
    }

    /** {@code v} rounded to 6 significant digits without trailing zeros: {@code 50.00000000000004} is {@code 50}. */
    public static String readable(double v) {
        return readable(v, 6);
    }

    /** {@code v} rounded to {@code digits} significant digits without trailing zeros, never in exponent form. */
    public static String readable(double v, int digits) {
        if (!Double.isFinite(v)) return String.valueOf(v);
        return formatDecimal(BigDecimal.valueOf(v).round(new java.math.MathContext(digits, java.math.RoundingMode.HALF_EVEN)));
    }

    static String formatNumber(double v) {
        return formatDecimal(BigDecimal.valueOf(v));
    }

    static String formatPercent(double fraction) {
        return formatDecimal(BigDecimal.valueOf(fraction).movePointRight(2));
    }

    private static String formatDecimal(BigDecimal d) {
        String s = d.stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
