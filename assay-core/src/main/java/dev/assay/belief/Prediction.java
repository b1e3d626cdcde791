package dev.assay.belief;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * The predicted blast radius of one fault: each service and journey that may degrade, with its
 * probability (only entries above zero; the target itself is listed with 1.0). Maps are ordered by
 * descending probability, then name.
 */
public record Prediction(String target, Map<String, Double> services, Map<String, Double> journeys) {
    public Prediction {
        requireNonNull(target, "target");
        services = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(services));
        journeys = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(journeys));
    }

    public double service(String name) {
        return services.getOrDefault(name, 0.0);
    }

    public double journey(String name) {
        return journeys.getOrDefault(name, 0.0);
    }

    /** The expected number of degraded services, excluding the target. */
    public double expectedSize() {
        return services.entrySet().stream().filter(e -> !e.getKey().equals(target)).mapToDouble(Map.Entry::getValue).sum();
    }
}
