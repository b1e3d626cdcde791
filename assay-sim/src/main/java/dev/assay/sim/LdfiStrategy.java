package dev.assay.sim;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.Journey;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lineage-driven fault injection (after Alvaro, Rosen and Hellerstein, SIGMOD 2015), reduced to single faults: a
 * journey's lineage is the services that support its success (its entry and uses); the services in the most (weighted)
 * lineages are the best hitting-set candidates and go first. Each target × class is first hit at the strongest
 * level; when no journey degrades, the outcome survived (the lineage has redundancy for that fault) and, since a
 * weaker fault cannot falsify what a stronger one did not, the pair is pruned. When a journey degrades, the level is
 * bisected for the weakest one that still falsifies a journey. Rounds: every pair's next step in lineage order.
 * It stops when every pair is settled. Unlike LDFI it does not read provenance from traces (the lineage is the
 * journeys' declared services) and does not inject fault combinations.
 */
final class LdfiStrategy implements Strategy {
    private final Learner learner;
    private final List<Pair> pairs = new ArrayList<>();
    private final Map<String, Pair> byKey = new HashMap<>();
    private int cursor;

    private static final class Pair {
        final String target;
        final FaultClass faultClass;
        int lo;
        int hi;
        boolean probed;

        Pair(String target, FaultClass faultClass, int levels) {
            this.target = target;
            this.faultClass = faultClass;
            this.hi = levels - 1;
        }

        boolean settled() {
            return lo > hi;
        }

        int nextLevel() {
            return probed ? (lo + hi) / 2 : hi;
        }
    }

    LdfiStrategy(Topology topology, List<String> order, Learner learner) {
        this.learner = learner;
        Map<String, Double> lineage = new HashMap<>();
        for (Journey j : topology.journeys()) for (String s : j.services()) lineage.merge(s, j.weight(), Double::sum);
        List<String> targets = new ArrayList<>(order);
        targets.sort(Comparator.comparingDouble((String s) -> -lineage.getOrDefault(s, 0.0)).thenComparingInt(order::indexOf));
        for (String t : targets) {
            for (FaultClass c : StrategyKind.CLASSES) {
                Pair p = new Pair(t, c, learner.levels());
                pairs.add(p);
                byKey.put(t + "|" + c, p);
            }
        }
    }

    @Override
    public Optional<Fault> next() {
        for (int k = 0; k < pairs.size(); k++) {
            Pair p = pairs.get((cursor + k) % pairs.size());
            if (p.settled()) continue;
            cursor = (cursor + k + 1) % pairs.size();
            return Optional.of(learner.fault(p.faultClass, p.target, p.nextLevel()));
        }
        return Optional.empty();
    }

    @Override
    public void observed(Fault fault, Observed observed) {
        Pair p = byKey.get(fault.target() + "|" + fault.type().faultClass());
        if (p == null || p.settled()) return;
        int level = p.nextLevel();
        boolean falsified = observed.anyJourneyDegraded();
        if (!p.probed) {
            p.probed = true;
            if (!falsified) {
                p.lo = p.hi + 1; // pruned: the strongest fault did not falsify any journey
                return;
            }
            p.hi = level - 1;
            return;
        }
        if (falsified) p.hi = level - 1;
        else p.lo = level + 1;
    }
}
