package dev.assay.belief;

import dev.assay.model.FaultClass;
import dev.assay.model.Intent;
import dev.assay.model.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Views derived from a {@link Belief}: resilience budgets (chaos levels), resilience scores with their
 * uncertainty, P(hypothesis holds) of an intent, and the hypothesis-quality score of an outcome.
 */
public final class BeliefViews {
    private static final int K = ChaosScale.LEVELS;

    private BeliefViews() {
    }

    /** Chaos levels of every journey × fault class (noisy-OR propagation, worst target among its services). */
    public static List<ResilienceBudget> resilienceBudgets(Belief belief) {
        SystemGraph g = belief.graph();
        Propagation prop = Propagation.on(g);
        List<ResilienceBudget> out = new ArrayList<>();
        for (int j = 0; j < g.journeyCount(); j++) {
            for (FaultClass c : FaultClass.values()) {
                prop.downward(belief.cdfTable(c), g.journeyEntry(j), j);
                double[] worst = new double[K];
                for (int i = 0; i < prop.visitedCount(); i++) {
                    for (int l = 0; l < K; l++) worst[l] = Math.max(worst[l], prop.value(prop.visited(i), l));
                }
                out.add(budget(g.journeyName(j), c, worst));
            }
        }
        return out;
    }

    /** P(degrades) below this at a level: no effect there. */
    public static final double NO_EFFECT = 0.05;
    /** P(degrades) from this: a significant effect. */
    public static final double SIGNIFICANT = 0.5;
    /** P(degrades) from this: the journey is disabled (its SLO almost surely breaks). */
    public static final double DISABLING = 0.95;

    /** The budget from P(journey degrades) per level: the one place the thresholds are applied. */
    private static ResilienceBudget budget(String journey, FaultClass c, double[] pByLevel) {
        OptionalInt none = OptionalInt.empty();
        OptionalInt significant = OptionalInt.empty();
        OptionalInt disabling = OptionalInt.empty();
        for (int l = 0; l < K; l++) {
            if (pByLevel[l] < NO_EFFECT) none = OptionalInt.of(ChaosScale.chaosLevel(l));
            if (significant.isEmpty() && pByLevel[l] >= SIGNIFICANT) significant = OptionalInt.of(ChaosScale.chaosLevel(l));
            if (disabling.isEmpty() && pByLevel[l] >= DISABLING) disabling = OptionalInt.of(ChaosScale.chaosLevel(l));
        }
        return new ResilienceBudget(journey, c, none, significant, disabling);
    }

    /**
     * The budget of every journey that uses {@code target} against {@code faultClass} on it (predicted at every
     * level of the scale, the whole target faulted).
     */
    public static List<TargetBudget> resilienceBudgets(Belief belief, String target, FaultClass faultClass) {
        var journeys = belief.graph().topology().journeys().stream().filter(j -> j.services().contains(target)).toList();
        double[][] p = new double[journeys.size()][K];
        for (int level = 0; level < K; level++) {
            Prediction pr = belief.predict(ChaosScale.fault(faultClass, target, level, dev.assay.model.Scope.ALL));
            for (int j = 0; j < p.length; j++) p[j][level] = pr.journey(journeys.get(j).name());
        }
        List<TargetBudget> out = new ArrayList<>();
        for (int j = 0; j < p.length; j++) out.add(new TargetBudget(target, budget(journeys.get(j).name(), faultClass, p[j])));
        return out;
    }

    /**
     * For every caller of {@code target}: the probability that it degrades under {@code c} at {@code level} (an
     * index of {@link ChaosScale}; the fault's peak, or where a guard tripped), as a {@link Finding}.
     */
    public static List<Finding> findings(Belief belief, String target, FaultClass c, int level, String testedAt) {
        return belief.graph().topology().callers(target).stream().map(dev.assay.model.Edge::from).distinct()
                .map(caller -> new Finding(caller, target, c, level, testedAt, pDegrades(belief.tolerance(caller, target, c), level)))
                .toList();
    }

    /** P(tolerance <= level): the edge degrades at {@code level} or below. */
    private static double pDegrades(List<Double> tolerance, int level) {
        double p = 0;
        for (int i = 0; i <= level && i < tolerance.size(); i++) p += tolerance.get(i);
        return Math.min(1, Math.max(0, p));
    }

    /** A journey's resilience score, by Monte-Carlo over the belief ({@code samples} seeded draws of every tolerance). */
    public static ResilienceScore journeyScore(Belief belief, String journey, int samples, long seed) {
        SystemGraph g = belief.graph();
        int j = g.journey(journey).orElseThrow(() -> new InvalidInputException("no journey '" + journey + "' in the system model"));
        return score(belief, journey, g.journeyEntry(j), j, samples, seed);
    }

    /** A service's resilience score: the share of faults on what it (transitively) calls that it survives. */
    public static ResilienceScore serviceScore(Belief belief, String service, int samples, long seed) {
        int s = belief.graph().service(service).orElseThrow(() -> new InvalidInputException("no service '" + service + "' in the system model"));
        return score(belief, service, s, -1, samples, seed);
    }

    /** P(the intent's hypothesis holds): its target behaviour (journey, else service) does not degrade at the fault's peak. */
    public static double pHolds(Belief belief, Intent intent) {
        Prediction p = belief.predict(intent.fault());
        if (belief.graph().journey(intent.targetBehavior()).isPresent()) return 1 - p.journey(intent.targetBehavior());
        if (belief.graph().service(intent.targetBehavior()).isPresent()) return 1 - p.service(intent.targetBehavior());
        throw new InvalidInputException("intent " + intent.id() + ": targetBehavior '" + intent.targetBehavior()
                + "' is neither a journey nor a service of the system model");
    }

    /** The hypothesis-quality score of an outcome: bits learned, KL(after || before). */
    public static double hypothesisQualityBits(Belief before, Belief after) {
        return after.informationBitsSince(before);
    }

    /**
     * Draws every tolerance, then the lowest level at which root's degradation reaches each service is the
     * min over paths of the max tolerance along the path (a bottleneck path, relaxed to a fixed point, so
     * cycles are harmless); the survived share counts (service, level) pairs above it, over all classes.
     */
    private static ResilienceScore score(Belief belief, String name, int root, int journey, int samples, long seed) {
        SystemGraph g = belief.graph();
        List<Integer> members = new ArrayList<>();
        List<Integer> edges = new ArrayList<>();
        Propagation prop = Propagation.on(g);
        prop.downward(belief.cdfTable(FaultClass.LATENCY), root, journey);
        for (int i = 0; i < prop.visitedCount(); i++) members.add(prop.visited(i));
        for (int v : members) {
            for (int k = g.outStart(v); k < g.outStart(v + 1); k++) {
                int e = g.outEdges(k);
                if (prop.wasVisited(g.edgeTo(e))) edges.add(e);
            }
        }
        long last = Long.MIN_VALUE;
        for (int e : edges) for (FaultClass c : FaultClass.values()) last = Math.max(last, belief.updatedAt[e * 3 + c.ordinal()]);
        if (journey >= 0) for (FaultClass c : FaultClass.values()) last = Math.max(last, belief.updatedAt[g.journeySlot(journey) * 3 + c.ordinal()]);
        if (last == Long.MIN_VALUE) last = belief.clock().millis();
        int targets = journey >= 0 ? members.size() : members.size() - 1;
        if (targets == 0) return new ResilienceScore(name, 1.0, 0.0, Instant.ofEpochMilli(last));
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] reach = new int[g.serviceCount()];
        double sum = 0;
        double sumSq = 0;
        for (int s = 0; s < samples; s++) {
            double survived = 0;
            for (FaultClass c : FaultClass.values()) {
                for (int v : members) reach[v] = Integer.MAX_VALUE;
                reach[root] = journey >= 0 ? draw(belief, g.journeySlot(journey), c, rnd) : -1;
                int[] tol = new int[edges.size()];
                for (int i = 0; i < tol.length; i++) tol[i] = draw(belief, edges.get(i), c, rnd);
                boolean changed = true;
                while (changed) {
                    changed = false;
                    for (int i = 0; i < tol.length; i++) {
                        int e = edges.get(i);
                        int from = reach[g.edgeFrom(e)];
                        if (from == Integer.MAX_VALUE) continue;
                        int via = Math.max(from, tol[i]);
                        if (via < reach[g.edgeTo(e)]) {
                            reach[g.edgeTo(e)] = via;
                            changed = true;
                        }
                    }
                }
                for (int v : members) {
                    if (journey < 0 && v == root) continue;
                    int r = Math.min(reach[v], ChaosScale.NEVER);
                    survived += Math.min(r, K); // levels 0..r-1 are survived
                }
            }
            double share = survived / (3.0 * K * targets);
            sum += share;
            sumSq += share * share;
        }
        double mean = sum / samples;
        double var = Math.max(0, sumSq / samples - mean * mean);
        return new ResilienceScore(name, mean, Math.sqrt(var), Instant.ofEpochMilli(last));
    }

    private static int draw(Belief belief, int slot, FaultClass c, SplittableRandom rnd) {
        double u = rnd.nextDouble();
        int b = Belief.base(slot, c);
        double acc = 0;
        for (int i = 0; i < Belief.W; i++) {
            acc += belief.p[b + i];
            if (u < acc) return i;
        }
        return ChaosScale.NEVER;
    }
}
