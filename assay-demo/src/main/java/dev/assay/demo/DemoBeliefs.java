package dev.assay.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.belief.BeliefState;
import dev.assay.belief.Belief;
import dev.assay.belief.ChaosScale;
import dev.assay.belief.Observation;
import dev.assay.model.Edge;
import dev.assay.model.FaultClass;
import dev.assay.model.Intent;
import dev.assay.runner.BeliefUpdater;
import dev.assay.runner.Experiment;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Learns from the demo's outcomes: each one becomes a belief {@link Observation} of its intent's fault — every
 * watched service degraded or not (the runner's observed blast radius), and the target journey degraded when
 * the hypothesis was refuted <em>or a guard tripped</em>, not degraded when it was supported. Inconclusive
 * outcomes teach nothing about the journey. (The runner's {@code BeliefLearner} does the same except for
 * guard trips, which the demo counts as evidence: a business guard breached means the journey degraded.)
 */
final class DemoBeliefs implements BeliefUpdater {
    /** What the demo concludes about one edge × fault class at the level it tested. */
    record Finding(String from, String to, FaultClass faultClass, int level, double pDegrades) {
        boolean tolerant() {
            return pDegrades < 0.5;
        }

        /** The probability of the finding as stated (tolerant or fragile). */
        double probability() {
            return tolerant() ? 1 - pDegrades : pDegrades;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Belief belief;
    private final List<String> services;
    private final ReentrantLock lock = new ReentrantLock();

    DemoBeliefs(Belief belief, List<String> services) {
        this.belief = belief;
        this.services = List.copyOf(services);
    }

    /** A copy of the current belief, for planning (the planner must not see later updates mid-plan). */
    Belief snapshot() {
        lock.lock();
        try {
            return belief.copy();
        } finally {
            lock.unlock();
        }
    }

    /** Learns from {@code outcome} of {@code experiment}; returns the bits gained. */
    @Override
    public double update(Experiment experiment, Outcome outcome) {
        Intent intent = experiment.intent();
        Optional<Boolean> journeyDegraded = switch (outcome.verdict()) {
            case Verdict.Supported s -> Optional.of(false);
            case Verdict.Refuted r -> Optional.of(true);
            case Verdict.Aborted a -> DemoRun.guardTripped(outcome) ? Optional.of(true) : Optional.empty();
            case Verdict.Inconclusive i -> Optional.empty();
        };
        Map<String, Boolean> observed = new LinkedHashMap<>();
        for (String s : services) {
            if (!s.equals(intent.fault().target())) observed.put(s, outcome.actualBlastRadius().contains(s));
        }
        Map<String, Boolean> journeys = journeyDegraded.map(d -> Map.of(intent.targetBehavior(), d)).orElse(Map.of());
        if (belief.graph().journey(intent.targetBehavior()).isEmpty()) journeys = Map.of();
        lock.lock();
        try {
            return belief.update(Observation.of(intent.fault(), observed, journeys, outcome.endedAt())).informationBits();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String snapshotJson() {
        lock.lock();
        try {
            BeliefState state = belief.state();
            ObjectNode root = JSON.createObjectNode().put("scale", state.scale()).put("levels", state.levels());
            ArrayNode edges = root.putArray("edges");
            for (BeliefState.EdgeBelief e : state.edges()) {
                ObjectNode o = edges.addObject().put("caller", e.caller()).put("callee", e.callee())
                        .put("faultClass", e.faultClass().name()).put("updatedAt", e.updatedAt().toString());
                ArrayNode p = o.putArray("probabilities");
                e.probabilities().forEach(p::add);
            }
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the beliefs", e);
        } finally {
            lock.unlock();
        }
    }

    /** For every caller of the fault's target: how likely it degrades at the level the intent tested. */
    List<Finding> findings(Intent intent) {
        FaultClass c = intent.fault().type().faultClass();
        int level = ChaosScale.level(intent.fault());
        lock.lock();
        try {
            return belief.graph().topology().callers(intent.fault().target()).stream()
                    .map(Edge::from)
                    .map(caller -> new Finding(caller, intent.fault().target(), c, level, pDegrades(belief.tolerance(caller, intent.fault().target(), c), level)))
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    private static double pDegrades(List<Double> tolerance, int level) {
        double p = 0;
        for (int i = 0; i <= level; i++) p += tolerance.get(i);
        return Math.min(1, p);
    }
}
