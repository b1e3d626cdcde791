package dev.assay.belief;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Fault;
import java.util.Map;

/**
 * A {@link MechanismBelief} prediction for one fault: P(degraded) of each service and journey it may reach (others:
 * 0), and under the most probable mechanisms each reached service's added error rate and added p99 (ms).
 */
public record MechanismPrediction(Fault fault, Map<String, Double> services, Map<String, Double> journeys, Map<String, Sli> slis) {
    public record Sli(double addedErrorRate, double addedP99Ms) {
    }

    public MechanismPrediction {
        requireNonNull(fault, "fault");
        services = Map.copyOf(services);
        journeys = Map.copyOf(journeys);
        slis = Map.copyOf(slis);
    }
}
