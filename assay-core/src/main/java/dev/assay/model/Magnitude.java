package dev.assay.model;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * How hard a fault hits: its parameters by name ({@code delayMs -> 500}), in the canonical units of
 * {@link FaultType#parameters()}, and its word-valued ones ({@code style -> anthropic},
 * {@link FaultType#textParameters()}). Sorted, so equal magnitudes print identically.
 */
public record Magnitude(Map<String, Double> values, Map<String, String> texts) {
    public static final Magnitude NONE = new Magnitude(Map.of());

    public Magnitude {
        values = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(values));
        values.forEach((k, v) -> {
            if (v == null || !Double.isFinite(v)) throw new IllegalArgumentException("magnitude " + k + " must be a finite number");
        });
        texts = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(texts));
        texts.forEach((k, v) -> {
            if (v == null || v.isBlank()) throw new IllegalArgumentException("magnitude " + k + " must be a non-blank word");
        });
    }

    /** Numeric parameters only (most fault types have no word-valued ones). */
    public Magnitude(Map<String, Double> values) {
        this(values, Map.of());
    }

    public static Magnitude of(String name, double value) {
        return new Magnitude(Map.of(name, value));
    }

    /**
     * The magnitude in words, as every message and view prints it: {@code delayMs=400}, {@code delayMs=50 jitterMs=10},
     * {@code mode=truncate}; numbers without trailing zeros, parameters in name order; {@code none} when empty.
     */
    public String describe() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + Quantities.readable(v)));
        texts.forEach((k, v) -> parts.add(k + "=" + v));
        return parts.isEmpty() ? "none" : String.join(" ", parts);
    }

    public OptionalDouble get(String name) {
        Double v = values.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    public Optional<String> text(String name) {
        return Optional.ofNullable(texts.get(name));
    }

    /** The word, or the text parameter's default for {@code type} (empty when it has none). */
    public Optional<String> textOr(FaultType type, String name) {
        return text(name).or(() -> type.textParameter(name)
                .orElseThrow(() -> new IllegalArgumentException(type.id() + " has no parameter " + name)).defaultValue());
    }

    /** The value, or the parameter's default for {@code type}. */
    public double valueOr(FaultType type, String name) {
        return get(name).orElseGet(() -> type.parameter(name)
                .map(FaultType.Parameter::defaultValue)
                .orElseThrow(() -> new IllegalArgumentException(type.id() + " has no parameter " + name)));
    }
}
