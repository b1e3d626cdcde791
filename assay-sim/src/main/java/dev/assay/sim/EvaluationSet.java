package dev.assay.sim;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The fixed fault queries the bench scores a learner on: every service × fault class × level, or, when that is
 * more than {@code limit}, a uniform sample of {@code limit} of them drawn with the seed. Each query carries its
 * true blast radius; the score is the mean of 1 − Jaccard(predicted, true) over the queries, where a set is the
 * services other than the target that degrade (predicted: P ≥ 0.5), and two empty sets agree perfectly.
 */
final class EvaluationSet {
    record Query(Fault fault, Set<String> truth) {
    }

    private final List<Query> queries;

    private EvaluationSet(List<Query> queries) {
        this.queries = List.copyOf(queries);
    }

    static EvaluationSet of(Topology topology, Simulator simulator, Learner learner, int limit, long seed) {
        int levels = learner.levels();
        FaultClass[] classes = StrategyKind.CLASSES;
        long all = (long) topology.services().size() * classes.length * levels;
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
            String target = topology.services().get((int) (i / (classes.length * levels))).name();
            int rest = (int) (i % (classes.length * levels));
            Fault f = learner.fault(classes[rest / levels], target, rest % levels);
            Set<String> truth = new HashSet<>(simulator.blastRadius(f, f.peak()));
            truth.remove(target);
            queries.add(new Query(f, truth));
        }
        return new EvaluationSet(queries);
    }

    int size() {
        return queries.size();
    }

    double meanError(Learner learner) {
        double sum = 0;
        for (Query q : queries) sum += error(learner.predict(q.fault()), q.fault().target(), q.truth());
        return sum / queries.size();
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
