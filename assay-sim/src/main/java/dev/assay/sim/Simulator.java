package dev.assay.sim;

import dev.assay.model.Fault;
import dev.assay.model.Magnitude;
import dev.assay.model.Topology;
import dev.assay.spi.Injector;
import java.util.List;

/**
 * Computes, without noise, what faults do to a topology whose edges behave as its {@link GroundTruth} says:
 * timeouts turn slowness into errors, retries multiply latency and load, breakers fail fast, fallbacks absorb
 * failures, async edges shield the caller. The rules are documented in {@code docs/simulator.md}.
 */
public interface Simulator {
    static Simulator create(Topology topology, GroundTruth truth) {
        return create(topology, truth, Degradation.DEFAULT);
    }

    static Simulator create(Topology topology, GroundTruth truth, Degradation degradation) {
        return new PropagationSimulator(topology, truth, degradation);
    }

    Topology topology();

    GroundTruth truth();

    Degradation degradation();

    /** The effect of one level of {@code fault} (at its scope) alone. */
    Impact impact(Fault fault, Magnitude level);

    /** The services {@code fault} degrades (its true blast radius, target included); journeys are skipped. */
    java.util.Set<String> blastRadius(Fault fault, Magnitude level);

    /**
     * The sync, non-cycle-closing edges whose callee presents a changed mix under {@code fault} alone, keyed
     * {@code caller->callee}, with that mix (ground truth: for scoring inferred mechanisms, never for strategies).
     */
    java.util.Map<String, dev.assay.belief.RequestMix> reachedEdges(Fault fault, Magnitude level);

    /** The effect of several faults in effect at once. */
    Impact impact(List<Injector.AppliedFault> active);
}
