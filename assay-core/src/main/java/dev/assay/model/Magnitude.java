package dev.assay.model;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * How hard a fault hits: its parameters by name ({@code delayMs -> 500}), in the canonical units of
 * {@link FaultType#parameters()}. Sorted, so equal magnitudes print identically.
 */
public record Magnitude(Map<String, Double> values) {
    public static final Magnitude NONE = new Magnitude(Map.of());

    public Magnitude {
        values = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(values));
        values.forEach((k, v) -> {
            if (v == null || !Double.isFinite(v)) throw new IllegalArgumentException("magnitude " + k + " must be a finite number");
        });
    }

    public static Magnitude of(String name, double value) {
        return new Magnitude(Map.of(name, value));
    }

    public OptionalDouble get(String name) {
        Double v = values.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** The value, or the parameter's default for {@code type}. */
    public double valueOr(FaultType type, String name) {
        return get(name).orElseGet(() -> type.parameter(name)
                .map(FaultType.Parameter::defaultValue)
                .orElseThrow(() -> new IllegalArgumentException(type.id() + " has no parameter " + name)));
    }
}
