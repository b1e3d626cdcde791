package dev.assay.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.belief.Belief;
import dev.assay.belief.BeliefState;
import dev.assay.belief.Learning;
import dev.assay.belief.Observation;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Feeds outcomes to the belief model: the services watched during the experiment (degraded when they
 * deviated significantly) and the target journey (degraded when the intent was refuted). Aborted and
 * inconclusive outcomes teach nothing about the journey, so only the services observed are reported.
 */
public final class BeliefLearner implements BeliefUpdater {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Belief belief;
    private final Clock clock;

    private BeliefLearner(Belief belief, Clock clock) {
        this.belief = belief;
        this.clock = clock;
    }

    public static BeliefLearner of(Belief belief, Clock clock) {
        return new BeliefLearner(belief, clock);
    }

    @Override
    public double update(Experiment experiment, Outcome outcome) {
        Map<String, Boolean> services = new HashMap<>();
        experiment.watchedServices().keySet().forEach(s -> services.put(s, outcome.actualBlastRadius().contains(s)));
        Map<String, Boolean> journeys = new HashMap<>();
        switch (outcome.verdict()) {
            case Verdict.Supported s -> journeys.put(experiment.intent().targetBehavior(), false);
            case Verdict.Refuted r -> journeys.put(experiment.intent().targetBehavior(), true);
            default -> { }
        }
        if (services.isEmpty() && journeys.isEmpty()) return 0;
        try {
            Learning l = belief.update(Observation.of(experiment.intent().fault(), services, journeys, clock.instant()));
            return l.informationBits();
        } catch (RuntimeException e) {
            return 0; // a target or journey the model does not know: nothing to learn about it
        }
    }

    /**
     * The belief stored by {@link #snapshotJson()} (e.g. the journal's latest snapshot), restored onto
     * {@code graph}; empty when the text is not such a snapshot or uses another scale (then start from priors).
     */
    public static java.util.Optional<Belief> restore(String json, dev.assay.belief.SystemGraph graph, dev.assay.belief.Priors priors,
                                                     Belief.Settings settings, Clock clock) {
        try {
            var root = JSON.readTree(json);
            if (!root.has("edges")) return java.util.Optional.empty();
            java.util.List<BeliefState.EdgeBelief> edges = new java.util.ArrayList<>();
            for (var n : root.get("edges")) {
                java.util.List<Double> p = new java.util.ArrayList<>();
                n.get("probabilities").forEach(v -> p.add(v.asDouble()));
                edges.add(new BeliefState.EdgeBelief(n.get("caller").asText(), n.get("callee").asText(),
                        dev.assay.model.FaultClass.valueOf(n.get("faultClass").asText()), p, java.time.Instant.parse(n.get("updatedAt").asText())));
            }
            BeliefState state = new BeliefState(root.get("scale").asText(), root.get("levels").asInt(), edges);
            return java.util.Optional.of(Belief.restore(state, graph, priors, settings, clock));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public String snapshotJson() {
        BeliefState state = belief.state();
        ObjectNode root = JSON.createObjectNode();
        root.put("scale", state.scale());
        root.put("levels", state.levels());
        ArrayNode edges = root.putArray("edges");
        for (BeliefState.EdgeBelief e : state.edges()) {
            ObjectNode n = edges.addObject();
            n.put("caller", e.caller());
            n.put("callee", e.callee());
            n.put("faultClass", e.faultClass().name());
            ArrayNode p = n.putArray("probabilities");
            e.probabilities().forEach(p::add);
            n.put("updatedAt", e.updatedAt().toString());
        }
        return root.toString();
    }
}
