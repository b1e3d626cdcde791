package dev.assay.sim;

import dev.assay.belief.ChaosScale;
import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A learner that generalises nothing and remembers everything it observed, as Filibuster and LDFI do: a fault it
 * has run is predicted exactly as last observed; for a fault it has not run, a service is predicted degraded when it
 * degraded under the same target and class at a milder level, and not degraded otherwise (monotonicity in the
 * level is the only inference). Journeys likewise.
 */
final class MemoryLearner implements Learner {
    private final Map<String, TreeMap<Integer, Observed>> seen = new HashMap<>();

    static MemoryLearner create() {
        return new MemoryLearner();
    }

    @Override
    public int levels() {
        return ChaosScale.LEVELS;
    }

    @Override
    public Fault fault(FaultClass faultClass, String target, int level) {
        return ChaosScale.fault(faultClass, target, level, BeliefModelLearner.LATENCY_SCOPE);
    }

    @Override
    public Map<String, Double> predict(Fault fault) {
        return recall(fault, true);
    }

    @Override
    public Map<String, Double> predictJourneys(Fault fault) {
        return recall(fault, false);
    }

    private Map<String, Double> recall(Fault fault, boolean services) {
        TreeMap<Integer, Observed> runs = seen.get(key(fault));
        Map<String, Double> out = new HashMap<>();
        if (runs == null) return out;
        int level = ChaosScale.level(fault);
        Observed exact = runs.get(level);
        if (exact != null) {
            (services ? exact.services() : exact.journeys()).forEach((s, d) -> out.put(s, d ? 1.0 : 0.0));
            return out;
        }
        for (Observed milder : runs.headMap(level, false).values()) {
            (services ? milder.services() : milder.journeys()).forEach((s, d) -> {
                if (d) out.put(s, 1.0);
            });
        }
        return out;
    }

    @Override
    public void learn(Fault fault, Observed observed) {
        seen.computeIfAbsent(key(fault), k -> new TreeMap<>()).put(ChaosScale.level(fault), observed);
    }

    @Override
    public List<Fault> ranked() {
        return List.of();
    }

    /** Services seen degraded when {@code fault} (exactly) was run; empty when it never was. */
    Set<String> degradedJourneys(Fault fault) {
        TreeMap<Integer, Observed> runs = seen.get(key(fault));
        Observed o = runs == null ? null : runs.get(ChaosScale.level(fault));
        if (o == null) return Set.of();
        Set<String> out = new java.util.TreeSet<>();
        o.journeys().forEach((j, d) -> {
            if (d) out.add(j);
        });
        return out;
    }

    private static String key(Fault fault) {
        return fault.type().faultClass() + ":" + fault.target();
    }
}
