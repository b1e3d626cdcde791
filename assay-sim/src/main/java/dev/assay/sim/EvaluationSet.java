package dev.assay.sim;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.Journey;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The fixed fault queries the bench scores a learner on: every service some strategy may target ({@link GraphOrder}:
 * the planner's candidate targets, which random, the sweeps and the heuristic draw from too) × fault class × level, or,
 * when that is more than {@code limit}, a uniform sample of {@code limit} of them drawn with the seed. Each query
 * carries its true blast radius and the journeys it truly degrades. Scores, means over the queries: the blast-radius
 * error 1 − Jaccard(predicted, true), where a set is the services other than the target that degrade (predicted: P ≥
 * 0.5) and two empty sets agree perfectly; the journey-impact error, the weight share of journeys mispredicted.
 */
final class EvaluationSet {
    record Query(Fault fault, Set<String> truth, Set<String> journeys) {
    }

    private final List<Query> queries;
    private final Map<String, Double> weights;
    private final double totalWeight;

    private EvaluationSet(List<Query> queries, Map<String, Double> weights) {
        this.queries = List.copyOf(queries);
        this.weights = Map.copyOf(weights);
        this.totalWeight = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    static EvaluationSet of(Topology topology, Simulator simulator, Learner learner, int limit, long seed) {
        int levels = learner.levels();
        FaultClass[] classes = StrategyKind.CLASSES;
        List<String> targets = GraphOrder.of(topology);
        long all = (long) targets.size() * classes.length * levels;
        List<Long> picks = new ArrayList<>();
        if (all <= limit) {
            for (long i = 0; i < all; i++) picks.add(i);
        } else {
            SplittableRandom rnd = new SplittableRandom(seed ^ 0xE7A1L);
            Set<Long> seen = new HashSet<>();
            while (picks.size() < limit) {
                long i = rnd.nextLong(all);
                if (seen.add(i)) picks.add(i);
            }
            picks.sort(null);
        }
        List<Query> queries = new ArrayList<>(picks.size());
        for (long i : picks) {
            String target = targets.get((int) (i / (classes.length * levels)));
            int rest = (int) (i % (classes.length * levels));
            Fault f = learner.fault(classes[rest / levels], target, rest % levels);
            Set<String> truth = new HashSet<>(simulator.blastRadius(f, f.peak()));
            truth.remove(target);
            queries.add(new Query(f, truth, simulator.impact(f, f.peak()).degradedJourneys()));
        }
        Map<String, Double> weights = new java.util.HashMap<>();
        for (Journey j : topology.journeys()) weights.put(j.name(), j.weight());
        return new EvaluationSet(queries, weights);
    }

    int size() {
        return queries.size();
    }

    double meanError(Learner learner) {
        return errors(learner)[0];
    }

    /** {blast-radius error, journey-impact error}. */
    double[] errors(Learner learner) {
        double sum = 0;
        double journeys = 0;
        for (Query q : queries) {
            sum += error(learner.predict(q.fault()), q.fault().target(), q.truth());
            journeys += journeyError(learner.predictJourneys(q.fault()), q.journeys());
        }
        return new double[] {sum / queries.size(), journeys / queries.size()};
    }

    /** The queries the learner gets wrong, one line each (debugging the bench: {@code -Dassay.bench.debug}). */
    List<String> wrong(Learner learner) {
        List<String> out = new java.util.ArrayList<>();
        for (Query q : queries) {
            Map<String, Double> p = learner.predict(q.fault());
            if (error(p, q.fault().target(), q.truth()) > 0) out.add(q.fault().type().id() + ":" + q.fault().target() + "@" + dev.assay.belief.ChaosScale.level(q.fault()) + " predicted " + p + " truth " + q.truth());
        }
        return out;
    }

    double journeyError(Map<String, Double> predicted, Set<String> truth) {
        if (totalWeight <= 0) return 0;
        double wrong = 0;
        for (Map.Entry<String, Double> j : weights.entrySet()) {
            boolean p = predicted.getOrDefault(j.getKey(), 0.0) >= 0.5;
            if (p != truth.contains(j.getKey())) wrong += j.getValue();
        }
        return wrong / totalWeight;
    }

    static double error(Map<String, Double> predicted, String target, Set<String> truth) {
        int intersection = 0;
        int predictedSize = 0;
        for (Map.Entry<String, Double> e : predicted.entrySet()) {
            if (e.getValue() >= 0.5 && !e.getKey().equals(target)) {
                predictedSize++;
                if (truth.contains(e.getKey())) intersection++;
            }
        }
        int union = predictedSize + truth.size() - intersection;
        return union == 0 ? 0 : 1 - (double) intersection / union;
    }
}
