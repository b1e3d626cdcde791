package dev.assay.belief;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.generate.TopologyGenerator;
import dev.assay.model.FaultClass;
import dev.assay.model.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BeliefProperties {
    static final Instant T0 = BeliefTest.T0;

    /** Random observations (some incidents, some days apart) on a random generated topology. */
    static Belief observed(Topology t, long seed, int count) {
        Belief b = BeliefTest.belief(t);
        SplittableRandom rnd = new SplittableRandom(seed);
        Instant at = T0;
        for (int i = 0; i < count; i++) {
            Map<String, Boolean> seen = new HashMap<>();
            for (var s : t.services()) if (rnd.nextDouble() < 0.7) seen.put(s.name(), rnd.nextBoolean());
            Map<String, Boolean> journeys = new HashMap<>();
            for (var j : t.journeys()) if (rnd.nextBoolean()) journeys.put(j.name(), rnd.nextBoolean());
            at = at.plus(Duration.ofHours(rnd.nextInt(48)));
            Observation o = new Observation(FaultClass.values()[rnd.nextInt(3)], t.services().get(rnd.nextInt(t.services().size())).name(),
                    rnd.nextInt(ChaosScale.LEVELS), seen, journeys, at);
            if (rnd.nextInt(4) == 0) b.observeIncident(o);
            else b.update(o);
        }
        return b;
    }

    @Property(tries = 40)
    void beliefsStayNormalised(@ForAll @IntRange(min = 2, max = 40) int services, @ForAll @LongRange(min = 0, max = 10_000) long seed) {
        Belief b = observed(TopologyGenerator.generate(services, seed), seed, 25);
        for (BeliefState.EdgeBelief e : b.state().edges()) {
            assertThat(e.probabilities()).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
            assertThat(e.probabilities().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        }
    }

    @Property(tries = 30)
    void agingMovesBeliefsTowardThePrior(@ForAll @IntRange(min = 2, max = 30) int services, @ForAll @LongRange(min = 0, max = 10_000) long seed,
                                         @ForAll @IntRange(min = 1, max = 400) int days) {
        Topology t = TopologyGenerator.generate(services, seed);
        Belief b = observed(t, seed, 15);
        Belief prior = BeliefTest.belief(t);
        double before = distance(b, prior);
        Instant last = b.state().edges().stream().map(BeliefState.EdgeBelief::updatedAt).max(Instant::compareTo).orElseThrow();
        b.ageTo(last.plus(Duration.ofDays(days)));
        double after = distance(b, prior);
        assertThat(after).isLessThanOrEqualTo(before + 1e-12);
        if (before > 1e-6) assertThat(after).isLessThan(before);
    }

    /**
     * Outcomes drawn from a hidden ground truth (true tolerance per edge; a caller degrades iff a path of edges
     * whose tolerance is at most the level leads to the target), observed with the model's noise rates: the
     * posterior puts most of its mass on the true tolerance of every edge.
     */
    @Property(tries = 15)
    void posteriorConcentratesOnAHiddenGroundTruth(@ForAll @LongRange(min = 0, max = 10_000) long seed) {
        Topology t = BeliefTest.belief(Graphs.of("a->b", "b->c", "a->d", "d->c")).graph().topology();
        SystemGraph g = SystemGraph.of(t);
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] truth = new int[g.edgeCount()];
        for (int e = 0; e < truth.length; e++) truth[e] = rnd.nextInt(ChaosScale.LEVELS + 1);
        Belief b = BeliefTest.belief(t);
        double fp = b.settings().falsePositive();
        double fn = b.settings().falseNegative();
        for (int i = 0; i < 400; i++) {
            int target = rnd.nextInt(g.serviceCount());
            int level = rnd.nextInt(ChaosScale.LEVELS);
            boolean[] degraded = trulyDegraded(g, truth, target, level);
            Map<String, Boolean> seen = new HashMap<>();
            for (int v = 0; v < g.serviceCount(); v++) {
                if (v == target) continue;
                boolean flip = rnd.nextDouble() < (degraded[v] ? fn : fp);
                seen.put(g.serviceName(v), degraded[v] != flip);
            }
            b.update(new Observation(FaultClass.LATENCY, g.serviceName(target), level, seen, Map.of(), T0));
        }
        for (int e = 0; e < truth.length; e++) {
            List<Double> post = b.distribution(e, FaultClass.LATENCY);
            assertThat(post.get(truth[e])).as("edge %s, true level %d: %s", g.slotLabel(e), truth[e], post).isGreaterThan(0.5);
        }
    }

    static boolean[] trulyDegraded(SystemGraph g, int[] truth, int target, int level) {
        boolean[] d = new boolean[g.serviceCount()];
        d[target] = true;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int e = 0; e < g.edgeCount(); e++) {
                if (d[g.edgeTo(e)] && !d[g.edgeFrom(e)] && truth[e] <= level) {
                    d[g.edgeFrom(e)] = true;
                    changed = true;
                }
            }
        }
        return d;
    }

    static double distance(Belief a, Belief b) {
        double d = 0;
        List<BeliefState.EdgeBelief> x = a.state().edges();
        List<BeliefState.EdgeBelief> y = b.state().edges();
        for (int i = 0; i < x.size(); i++) {
            for (int k = 0; k < x.get(i).probabilities().size(); k++) d += Math.abs(x.get(i).probabilities().get(k) - y.get(i).probabilities().get(k));
        }
        return d;
    }
}
