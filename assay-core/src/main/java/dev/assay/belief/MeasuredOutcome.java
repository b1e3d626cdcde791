package dev.assay.belief;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Fault;
import java.util.Map;

/**
 * What an experiment measured: the fault (at its peak) and, for every observed service and journey, its SLIs in the
 * baseline and fault windows. The input of {@link MechanismBelief#update}; services not listed were not observed.
 */
public record MeasuredOutcome(Fault fault, Map<String, MeasuredSli> services, Map<String, MeasuredSli> journeys) {
    public MeasuredOutcome {
        requireNonNull(fault, "fault");
        services = Map.copyOf(services);
        journeys = Map.copyOf(journeys);
    }
}
