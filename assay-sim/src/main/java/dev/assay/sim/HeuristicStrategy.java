package dev.assay.sim;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.Journey;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ranking of the article that motivated Assay: for every dependency of the journeys (the target
 * behaviours), degradation sensitivity × call frequency. Call frequency is the journey-weighted expected
 * number of calls one journey request makes to the dependency; sensitivity is learned from outcomes (the
 * mean of a Beta(1, 1) over "a fault of this class on this dependency degraded a journey"). The best
 * dependency × class not yet settled is run at the level a per-pair bisection for its lowest harmful level
 * asks for next.
 */
final class HeuristicStrategy implements Strategy {
    private final Learner learner;
    private final List<Pair> pairs = new ArrayList<>();
    private final Map<String, Pair> byKey = new HashMap<>();

    private static final class Pair {
        final String target;
        final FaultClass faultClass;
        final double frequency;
        double hits = 1;
        double trials = 2;
        int lo;
        int hi;

        Pair(String target, FaultClass faultClass, double frequency, int levels) {
            this.target = target;
            this.faultClass = faultClass;
            this.frequency = frequency;
            this.hi = levels - 1;
        }

        boolean settled() {
            return lo > hi;
        }

        int nextLevel() {
            return (lo + hi + 1) / 2;
        }

        double score() {
            return hits / trials * frequency;
        }
    }

    HeuristicStrategy(Topology topology, Learner learner) {
        this.learner = learner;
        Map<String, Double> frequency = callFrequency(topology);
        for (String s : GraphOrder.of(topology)) {
            double f = frequency.getOrDefault(s, 0.0);
            if (f <= 0) continue;
            for (FaultClass c : StrategyKind.CLASSES) {
                Pair p = new Pair(s, c, f, learner.levels());
                pairs.add(p);
                byKey.put(c + "/" + s, p);
            }
        }
    }

    /** Journey-weighted expected calls per journey request to every service the journeys use. */
    static Map<String, Double> callFrequency(Topology topology) {
        CallGraph graph = CallGraph.of(topology);
        double totalWeight = topology.journeys().stream().mapToDouble(Journey::weight).sum();
        double[] total = new double[graph.size()];
        Integer[] byRank = new Integer[graph.size()];
        for (int i = 0; i < byRank.length; i++) byRank[i] = i;
        java.util.Arrays.sort(byRank, (a, b) -> Integer.compare(graph.rank(b), graph.rank(a))); // callers first
        for (Journey j : topology.journeys()) {
            boolean[] allowed = new boolean[graph.size()];
            for (String s : j.services()) allowed[graph.index(s)] = true;
            double[] calls = new double[graph.size()];
            calls[graph.index(j.entry())] = 1;
            for (int s : byRank) {
                if (!allowed[s] || calls[s] == 0) continue;
                for (int e : graph.calleeEdges(s)) {
                    int c = graph.to(e);
                    if (allowed[c]) calls[c] = Math.min(1e6, calls[c] + calls[s] * graph.edge(e).callsPerRequest());
                }
            }
            for (int s = 0; s < calls.length; s++) total[s] += j.weight() / totalWeight * calls[s];
        }
        Map<String, Double> out = new HashMap<>();
        for (int s = 0; s < total.length; s++) if (total[s] > 0) out.put(graph.name(s), total[s]);
        return out;
    }

    @Override
    public Optional<Fault> next() {
        Pair best = null;
        for (Pair p : pairs) {
            if (!p.settled() && (best == null || p.score() > best.score())) best = p;
        }
        return best == null ? Optional.empty() : Optional.of(learner.fault(best.faultClass, best.target, best.nextLevel()));
    }

    @Override
    public void observed(Fault fault, Observed observed) {
        Pair p = byKey.get(fault.type().faultClass() + "/" + fault.target());
        if (p == null) return;
        boolean harmful = observed.anyJourneyDegraded();
        p.trials++;
        if (harmful) p.hits++;
        int level = p.nextLevel();
        if (harmful) p.hi = level - 1;
        else p.lo = level + 1;
    }
}
