package dev.assay.demo;

import dev.assay.belief.Belief;
import dev.assay.belief.ChaosScale;
import dev.assay.belief.Prediction;
import dev.assay.model.FaultClass;
import dev.assay.model.Intent;
import dev.assay.model.Journey;
import dev.assay.model.Scope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The journeys' resilience budgets against the faults the demo tested, from the learned beliefs: for each level
 * of the chaos scale, the predicted probability that the journey degrades; no effect up to the highest level
 * below 10%, significant from the first level at 50%, disabling from the first at 90%.
 */
final class ResilienceBudgets {
    static final double NO_EFFECT = 0.1;
    static final double SIGNIFICANT = 0.5;
    static final double DISABLING = 0.9;

    private ResilienceBudgets() {
    }

    static List<DemoSummary.ResilienceBudget> of(Belief belief, List<Intent> tested) {
        Set<String> seen = new LinkedHashSet<>();
        List<DemoSummary.ResilienceBudget> out = new ArrayList<>();
        for (Intent i : tested) {
            FaultClass c = i.fault().type().faultClass();
            String target = i.fault().target();
            if (!seen.add(target + "/" + c)) continue;
            double[][] p = new double[belief.graph().topology().journeys().size()][ChaosScale.LEVELS];
            for (int level = 0; level < ChaosScale.LEVELS; level++) {
                Prediction pr = belief.predict(ChaosScale.fault(c, target, level, Scope.ALL));
                for (int j = 0; j < p.length; j++) p[j][level] = pr.journey(belief.graph().topology().journeys().get(j).name());
            }
            for (int j = 0; j < p.length; j++) {
                Journey journey = belief.graph().topology().journeys().get(j);
                if (!journey.services().contains(target)) continue;
                out.add(new DemoSummary.ResilienceBudget(journey.name(), target, c, highestBelow(p[j], NO_EFFECT, c),
                        firstAtLeast(p[j], SIGNIFICANT, c), firstAtLeast(p[j], DISABLING, c)));
            }
        }
        return out;
    }

    private static Optional<String> highestBelow(double[] p, double threshold, FaultClass c) {
        int best = -1;
        for (int l = 0; l < p.length && p[l] < threshold; l++) best = l;
        return best < 0 ? Optional.empty() : Optional.of(ChaosScale.label(c, best));
    }

    private static Optional<String> firstAtLeast(double[] p, double threshold, FaultClass c) {
        for (int l = 0; l < p.length; l++) if (p[l] >= threshold) return Optional.of(ChaosScale.label(c, l));
        return Optional.empty();
    }
}
