package dev.assay.dashboard;

import dev.assay.belief.EdgeExplanation;
import dev.assay.belief.Finding;
import dev.assay.model.Edge;
import dev.assay.model.Topology;
import dev.assay.runner.BeliefLearner;
import dev.assay.runner.Learned;
import dev.assay.runner.LearnedText;
import dev.assay.verdict.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one place the dashboard turns a learner into what its pages show ({@link DashboardBeliefs}): {@link Learned#of} (as
 * {@code assay report} computes it), one {@link EdgeBelief} per edge, and which findings incidents taught
 * ({@link BeliefLearner#fromIncident}). Used by the journal's model and by {@code assay serve}'s.
 */
public final class EdgeBeliefs {
    /** A finding is stated as fragile or tolerant from this probability on; below it the edge stays uncertain. */
    public static final double CONFIDENT = 0.8;

    private EdgeBeliefs() {
    }

    /**
     * What {@code learner} (empty: nothing learned yet) says about {@code topology}'s edges; {@code outcomes} give the
     * services and edges first seen during an experiment.
     */
    public static DashboardBeliefs learn(Optional<BeliefLearner> learner, Optional<Topology> topology, List<Outcome> outcomes) {
        if (learner.isEmpty()) {
            return new DashboardBeliefs(new Learned(List.of(), List.of(), List.of(), Learned.discovered(outcomes)),
                    topology.map(t -> of(t, List.of(), Map.of())).orElse(List.of()), Map.of());
        }
        Learned learned = Learned.of(learner.get(), outcomes);
        Map<Finding, String> incidentOf = new HashMap<>();
        for (Finding f : learned.findings()) {
            learner.get().tested().stream().filter(BeliefLearner::fromIncident)
                    .filter(t -> t.target().equals(f.to()) && t.faultClass() == f.faultClass() && t.testedAt().equals(f.testedAt()))
                    .reduce((a, b) -> b).ifPresent(t -> incidentOf.put(f, t.experimentId().substring("incident:".length())));
        }
        return new DashboardBeliefs(learned, topology.map(t -> of(t, learned.findings(), incidentOf)).orElse(List.of()), incidentOf);
    }

    /**
     * An edge's inferred mechanism as the dashboard words it ({@code 2 retries without backoff, timeout 300 ms, no breaker,
     * no fallback, P = 0.93}); empty while the belief has only its prior for the edge (no experiment has shown it anything),
     * which is "unknown". For a model with a {@code MechanismBelief m}: {@code mechanismText(m.explain(from, to))}.
     */
    public static Optional<String> mechanismText(EdgeExplanation x) {
        if (x.inputsSeen() == 0) return Optional.empty();
        if (!x.sync()) return Optional.of(String.format(Locale.ROOT, "async (fire-and-forget), P = %.2f", x.probability()));
        return Optional.of(String.format(Locale.ROOT, "%s, P = %.2f", x.mechanism().describe(), x.probability()));
    }

    /** The short text of edge {@code from -> to}'s inferred mechanism in {@code belief}; empty for an edge it does not have. */
    public static Optional<String> mechanismText(Optional<dev.assay.belief.MechanismBelief> belief, Optional<Topology> topology, String from, String to) {
        boolean known = topology.map(t -> t.edges().stream().anyMatch(e -> e.from().equals(from) && e.to().equals(to))).orElse(false);
        if (!known || belief.isEmpty()) return Optional.empty();
        try {
            return mechanismText(belief.get().explain(from, to));
        } catch (RuntimeException e) { // the belief's graph predates a topology change: the edge is not in it
            return Optional.empty();
        }
    }

    /** One belief per edge of {@code topology}, in its order; {@code incidentOf} names the incident behind a finding. */
    static List<EdgeBelief> of(Topology topology, List<Finding> findings, Map<Finding, String> incidentOf) {
        List<EdgeBelief> out = new ArrayList<>();
        for (Edge e : topology.edges()) {
            List<Finding> mine = findings.stream().filter(f -> f.from().equals(e.from()) && f.to().equals(e.to())).toList();
            List<String> tested = mine.stream().map(f -> String.format(Locale.ROOT, "%s (%s): %s, P = %.2f", LearnedText.faultClassId(f.faultClass()),
                    f.testedAt(), f.tolerant() ? "tolerant" : "fragile", f.probability())).toList();
            List<String> incidents = mine.stream().map(incidentOf::get).filter(java.util.Objects::nonNull).distinct().toList();
            out.add(new EdgeBelief(e.from(), e.to(), e.sync(), standing(mine), tested, incidents));
        }
        return out;
    }

    static EdgeBelief.Standing standing(List<Finding> findings) {
        if (findings.stream().anyMatch(f -> !f.tolerant() && f.probability() >= CONFIDENT)) return EdgeBelief.Standing.FRAGILE;
        if (!findings.isEmpty() && findings.stream().allMatch(f -> f.tolerant() && f.probability() >= CONFIDENT)) return EdgeBelief.Standing.TOLERANT;
        return EdgeBelief.Standing.UNCERTAIN;
    }
}
