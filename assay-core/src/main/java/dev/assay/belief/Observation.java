package dev.assay.belief;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import java.time.Instant;
import java.util.Map;

/**
 * What was seen when a fault of {@code faultClass} at level {@code level} ({@link ChaosScale} index) hit
 * {@code target}: for each observed service and journey, whether it degraded. Services or journeys not in
 * the maps were not observed. Used both for experiment outcomes ({@link Belief#update}) and, more weakly,
 * for natural incidents seen in telemetry ({@link Belief#observeIncident}: the target is the service that
 * failed first, the level its observed magnitude).
 */
public record Observation(FaultClass faultClass, String target, int level, Map<String, Boolean> services,
                          Map<String, Boolean> journeys, Instant at) {
    public Observation {
        requireNonNull(faultClass, "faultClass");
        requireNonNull(target, "target");
        requireNonNull(at, "at");
        services = Map.copyOf(services);
        journeys = Map.copyOf(journeys);
        if (level < 0 || level >= ChaosScale.LEVELS) {
            throw new IllegalArgumentException("level must be in [0, " + ChaosScale.LEVELS + "), was " + level);
        }
    }

    /** The outcome of an experiment that applied {@code fault} (its peak level). */
    public static Observation of(Fault fault, Map<String, Boolean> services, Map<String, Boolean> journeys, Instant at) {
        return new Observation(fault.type().faultClass(), fault.target(), ChaosScale.level(fault), services, journeys, at);
    }
}
