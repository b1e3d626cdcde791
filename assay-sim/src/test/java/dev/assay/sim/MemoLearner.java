package dev.assay.sim;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Scope;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately simple learner for testing the bench harness without the belief model: it predicts for a
 * (target, class, level) the union of what it saw degrade at that target and class at any level not above it,
 * and its "planner" proposes the first untried target × class at the top level. Not a model of anything.
 */
final class MemoLearner implements Learner {
    static final int LEVELS = 4;
    static final double[] LATENCY_MS = {50, 250, 1000, 5000};
    static final double[] PERCENT = {1, 10, 50, 100};

    private final List<String> services;
    private final Map<String, Map<Integer, Set<String>>> seen = new HashMap<>();

    MemoLearner(Topology topology) {
        this(topology.services().stream().map(s -> s.name()).toList());
    }

    private MemoLearner(List<String> services) {
        this.services = services;
    }

    @Override
    public int levels() {
        return LEVELS;
    }

    @Override
    public Fault fault(FaultClass c, String target, int level) {
        return switch (c) {
            case LATENCY -> Fault.of(FaultType.LATENCY, target, Magnitude.of("delayMs", LATENCY_MS[level]));
            case ERRORS -> new Fault(FaultType.ERROR, target, List.of(Magnitude.NONE), Scope.percent(PERCENT[level]));
            case UNAVAILABILITY -> new Fault(FaultType.UNAVAILABLE, target, List.of(Magnitude.NONE), Scope.percent(PERCENT[level]));
        };
    }

    static int level(Fault f) {
        if (f.type() == FaultType.LATENCY) {
            for (int i = 0; i < LEVELS; i++) if (LATENCY_MS[i] == f.peak().valueOr(FaultType.LATENCY, "delayMs")) return i;
        }
        for (int i = 0; i < LEVELS; i++) if (PERCENT[i] == f.scope().percent()) return i;
        throw new IllegalArgumentException("not a level: " + f);
    }

    @Override
    public Map<String, Double> predictJourneys(Fault fault) {
        return Map.of();
    }

    @Override
    public Map<String, Double> predict(Fault fault) {
        Map<String, Double> out = new HashMap<>();
        Map<Integer, Set<String>> byLevel = seen.getOrDefault(key(fault), Map.of());
        int level = level(fault);
        byLevel.forEach((l, degraded) -> {
            if (l <= level) degraded.forEach(s -> out.put(s, 1.0));
        });
        return out;
    }

    @Override
    public void learn(Fault fault, Observed observed) {
        seen.computeIfAbsent(key(fault), k -> new HashMap<>()).put(level(fault), new HashSet<>(observed.degradedServices()));
    }

    @Override
    public Learner copy() {
        MemoLearner c = new MemoLearner(services);
        seen.forEach((k, byLevel) -> {
            Map<Integer, Set<String>> levels = new HashMap<>();
            byLevel.forEach((l, degraded) -> levels.put(l, new HashSet<>(degraded)));
            c.seen.put(k, levels);
        });
        return c;
    }

    @Override
    public List<Fault> ranked() {
        List<Fault> out = new ArrayList<>();
        for (String s : services) {
            for (FaultClass c : FaultClass.values()) {
                Fault f = fault(c, s, LEVELS - 1);
                if (!seen.containsKey(key(f))) out.add(f);
            }
        }
        return out;
    }

    private static String key(Fault f) {
        return f.type().faultClass() + "/" + f.target();
    }
}
