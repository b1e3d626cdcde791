package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A directed dependency caller→callee. {@code callsPerRequest} is how many calls one request to the caller
 * makes on average; {@code resilience} is present only when the topology declares it (ground truth).
 */
public record Edge(String from, String to, boolean sync, double callsPerRequest, Optional<Resilience> resilience) {
    public Edge {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(resilience, "resilience");
        if (!(callsPerRequest > 0) || Double.isInfinite(callsPerRequest)) {
            throw new IllegalArgumentException("callsPerRequest must be a positive number, was " + callsPerRequest);
        }
    }

    public static Edge of(String from, String to) {
        return new Edge(from, to, true, 1.0, Optional.empty());
    }

    /** {@code from->to}, the form mechanisms and messages use. */
    public String key() {
        return from + "->" + to;
    }
}
