package dev.assay.runner;

import dev.assay.belief.Belief;
import dev.assay.belief.BeliefViews;
import dev.assay.belief.EdgeExplanation;
import dev.assay.belief.Finding;
import dev.assay.belief.ResilienceScore;
import dev.assay.belief.TargetBudget;
import dev.assay.model.Journey;
import dev.assay.verdict.Outcome;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a campaign's outcomes taught, as {@code assay run}, {@code assay report} and {@code assay demo} all show it,
 * computed by the core's {@link BeliefViews} from the learned beliefs: a finding per edge into each tested target
 * (the latest test of an edge × fault type wins), the resilience budgets of the journeys using each tested
 * target, every journey's resilience score with its uncertainty, and the services and edges first seen
 * <em>during</em> an experiment, and why faults travel as they do: the inferred mechanism of every tested edge with its
 * probability and what it implies ({@link EdgeExplanation}, from the learner's mechanism belief).
 */
public record Learned(List<Finding> findings, List<TargetBudget> budgets, List<ResilienceScore> scores, List<String> discovered,
                      List<EdgeExplanation> mechanisms) {
    static final int SCORE_SAMPLES = 400;

    public Learned {
        findings = List.copyOf(findings);
        budgets = List.copyOf(budgets);
        scores = List.copyOf(scores);
        discovered = List.copyOf(discovered);
        mechanisms = List.copyOf(mechanisms);
    }

    /** Without mechanism explanations. */
    public Learned(List<Finding> findings, List<TargetBudget> budgets, List<ResilienceScore> scores, List<String> discovered) {
        this(findings, budgets, scores, discovered, List.of());
    }

    public static final Learned NOTHING = new Learned(List.of(), List.of(), List.of(), List.of());

    /**
     * The one-line explanation of edge {@code caller->callee}'s inferred mechanism ({@link EdgeExplanation#text()}:
     * mechanism, probability, what it does to a fault), when an experiment tested the edge.
     */
    public Optional<String> mechanismText(String edge) {
        return mechanisms.stream().filter(x -> (x.caller() + "->" + x.callee()).equals(edge)).findFirst().map(EdgeExplanation::text);
    }

    /** From the learner's beliefs and what it was tested on; {@code outcomes} give the discovered services and edges. */
    public static Learned of(BeliefLearner learner, List<Outcome> outcomes) {
        Belief belief = learner.snapshot();
        Map<String, Finding> findings = new LinkedHashMap<>();
        Set<String> targets = new LinkedHashSet<>();
        List<TargetBudget> budgets = new java.util.ArrayList<>();
        for (BeliefLearner.Tested t : learner.tested()) {
            for (Finding f : BeliefViews.findings(belief, t.target(), t.faultClass(), t.level(), t.testedAt())) {
                // one finding per edge × fault type: an LLM edge's rate limit (fragile) and overload (tolerant) are both errors
                String key = f.edge() + "/" + f.faultClass() + "/" + t.testedAt().split(" ", 2)[0];
                findings.remove(key);
                findings.put(key, f);
            }
            if (targets.add(t.target() + "/" + t.faultClass())) budgets.addAll(BeliefViews.resilienceBudgets(belief, t.target(), t.faultClass()));
        }
        List<ResilienceScore> scores = learner.tested().isEmpty() ? List.of() : belief.graph().topology().journeys().stream()
                .map(Journey::name).map(j -> BeliefViews.journeyScore(belief, j, SCORE_SAMPLES, 1)).toList();
        return new Learned(List.copyOf(findings.values()), budgets, scores, discovered(outcomes), learner.explanations());
    }

    /** Services and edges first seen during an experiment, over all outcomes, sorted. */
    public static List<String> discovered(List<Outcome> outcomes) {
        Set<String> all = new TreeSet<>();
        outcomes.forEach(o -> all.addAll(o.discovered()));
        return List.copyOf(all);
    }
}
