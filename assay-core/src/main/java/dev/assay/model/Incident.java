package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A postmortem's facts about a real incident: which service failed first ({@code service}) with which class of
 * fault, how hard if known ({@code magnitude}: milliseconds of added latency, or the share 0–1 of failing or
 * absent traffic), which journeys and services degraded, when it began and, once over, when it was resolved.
 * Fed to the belief as a (weaker) observation; an open incident freezes continuous experiments.
 */
public record Incident(String id, String service, FaultClass faultClass, OptionalDouble magnitude, List<String> degraded,
                       Instant at, Optional<Instant> resolvedAt, String summary) {
    public Incident {
        requireNonNull(id, "id");
        requireNonNull(service, "service");
        requireNonNull(faultClass, "faultClass");
        requireNonNull(magnitude, "magnitude");
        requireNonNull(at, "at");
        requireNonNull(resolvedAt, "resolvedAt");
        requireNonNull(summary, "summary");
        degraded = List.copyOf(degraded);
    }

    public boolean open() {
        return resolvedAt.isEmpty();
    }

    public Incident resolved(Instant when) {
        return new Incident(id, service, faultClass, magnitude, degraded, at, Optional.of(when), summary);
    }
}
