package dev.assay.sim;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Filibuster-style enumeration: every target × fault class once at the strongest level, in graph order; then
 * the same sweep at the other levels, halving the remaining intervals (strongest, middle, quarters, ...).
 */
final class ExhaustiveStrategy implements Strategy {
    private final Iterator<Fault> plan;

    ExhaustiveStrategy(List<String> order, Learner learner) {
        List<Fault> all = new ArrayList<>();
        for (int level : sweepOrder(learner.levels())) {
            for (String target : order) {
                for (FaultClass c : StrategyKind.CLASSES) all.add(learner.fault(c, target, level));
            }
        }
        this.plan = all.iterator();
    }

    static List<Integer> sweepOrder(int levels) {
        List<Integer> order = new ArrayList<>(List.of(levels - 1));
        boolean[] taken = new boolean[levels];
        taken[levels - 1] = true;
        for (int step = Integer.highestOneBit(Math.max(1, levels - 1)); step >= 1; step /= 2) {
            for (int l = levels - 1 - step; l >= 0; l -= step) {
                if (!taken[l]) {
                    taken[l] = true;
                    order.add(l);
                }
            }
        }
        return order;
    }

    @Override
    public Optional<Fault> next() {
        return plan.hasNext() ? Optional.of(plan.next()) : Optional.empty();
    }
}
