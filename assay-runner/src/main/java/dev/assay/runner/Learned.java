package dev.assay.runner;

import dev.assay.belief.Belief;
import dev.assay.belief.BeliefViews;
import dev.assay.belief.Finding;
import dev.assay.belief.ResilienceScore;
import dev.assay.belief.TargetBudget;
import dev.assay.model.Journey;
import dev.assay.verdict.Outcome;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a campaign's outcomes taught, as {@code assay run}, {@code assay report} and {@code assay demo} all show it,
 * computed by the core's {@link BeliefViews} from the learned beliefs: a finding per edge into each tested target
 * (the latest test of an edge × fault class wins), the resilience budgets of the journeys using each tested
 * target, every journey's resilience score with its uncertainty, and the services and edges first seen
 * <em>during</em> an experiment.
 */
public record Learned(List<Finding> findings, List<TargetBudget> budgets, List<ResilienceScore> scores, List<String> discovered) {
    static final int SCORE_SAMPLES = 400;

    public Learned {
        findings = List.copyOf(findings);
        budgets = List.copyOf(budgets);
        scores = List.copyOf(scores);
        discovered = List.copyOf(discovered);
    }

    public static final Learned NOTHING = new Learned(List.of(), List.of(), List.of(), List.of());

    /** From the learner's beliefs and what it was tested on; {@code outcomes} give the discovered services and edges. */
    public static Learned of(BeliefLearner learner, List<Outcome> outcomes) {
        Belief belief = learner.snapshot();
        Map<String, Finding> findings = new LinkedHashMap<>();
        Set<String> targets = new LinkedHashSet<>();
        List<TargetBudget> budgets = new java.util.ArrayList<>();
        for (BeliefLearner.Tested t : learner.tested()) {
            for (Finding f : BeliefViews.findings(belief, t.target(), t.faultClass(), t.level(), t.testedAt())) {
                findings.remove(f.edge() + "/" + f.faultClass());
                findings.put(f.edge() + "/" + f.faultClass(), f);
            }
            if (targets.add(t.target() + "/" + t.faultClass())) budgets.addAll(BeliefViews.resilienceBudgets(belief, t.target(), t.faultClass()));
        }
        List<ResilienceScore> scores = learner.tested().isEmpty() ? List.of() : belief.graph().topology().journeys().stream()
                .map(Journey::name).map(j -> BeliefViews.journeyScore(belief, j, SCORE_SAMPLES, 1)).toList();
        return new Learned(List.copyOf(findings.values()), budgets, scores, discovered(outcomes));
    }

    /** Services and edges first seen during an experiment, over all outcomes, sorted. */
    public static List<String> discovered(List<Outcome> outcomes) {
        Set<String> all = new TreeSet<>();
        outcomes.forEach(o -> all.addAll(o.discovered()));
        return List.copyOf(all);
    }
}
