package dev.assay.sim;

import static dev.assay.sim.Graphs.graph;
import static dev.assay.sim.Graphs.none;
import static dev.assay.sim.Graphs.timeout;
import static dev.assay.sim.Graphs.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTest {
    static Topology shop() {
        return graph().sync("front", "cart", timeout(500)).sync("front", "catalog", with(1000L, 1, true, false))
                .sync("cart", "db", with(200L, 2, false, true)).async("front", "mail", none())
                .journey("buy", "front", "cart", "db", "mail").journey("browse", "front", "catalog").topology();
    }

    static BenchResult run(long firstSeed, List<StrategyKind> kinds, int max) {
        return new Bench(shop(), new BenchOptions(2, firstSeed, kinds, 0.05, max, 1000), (t, s) -> new MemoLearner(t), line -> { }).run();
    }

    @Test
    void theSameSeedsGiveIdenticalResults() {
        List<StrategyKind> all = List.of(StrategyKind.values());

        BenchResult a = run(3, all, 40);
        BenchResult b = run(3, all, 40);

        assertThat(a.strategies()).isEqualTo(b.strategies());
    }

    @Test
    void otherSeedsGiveOtherCurves() {
        BenchResult a = run(3, List.of(StrategyKind.RANDOM), 30);
        BenchResult b = run(30, List.of(StrategyKind.RANDOM), 30);

        assertThat(a.strategies().get("random").curve()).isNotEqualTo(b.strategies().get("random").curve());
    }

    @Test
    void errorStartsWhereThePriorIsAndFallsAsTheLearnerSeesOutcomes() {
        BenchResult r = run(1, List.of(StrategyKind.EXHAUSTIVE), 60);
        var curve = r.strategies().get("exhaustive").curve();

        assertThat(curve.get(0).experiments()).isZero();
        assertThat(curve.get(0).error()).isGreaterThan(0.1);
        assertThat(r.strategies().get("exhaustive").finalError()).isLessThan(curve.get(0).error());
        assertThat(curve.get(curve.size() - 1).budget()).isGreaterThan(0);
    }

    @Test
    void experimentsToTargetIsTheFirstPointAtOrBelowTheTarget() {
        BenchResult r = run(1, List.of(StrategyKind.EXHAUSTIVE), 60);
        var s = r.strategies().get("exhaustive");

        assertThat(s.experimentsToTarget()).isPresent();
        var hit = s.curve().stream().filter(p -> p.experiments() == s.experimentsToTarget().get()).findFirst().orElseThrow();
        assertThat(hit.error()).isLessThanOrEqualTo(0.05);
        assertThat(s.budgetToTarget()).contains(hit.budget());
        assertThat(s.curve().stream().filter(p -> p.experiments() < hit.experiments())).allMatch(p -> p.error() > 0.05);
    }

    @Test
    void aStrategyThatRunsOutStopsAndKeepsItsLastValues() {
        BenchResult r = run(1, List.of(StrategyKind.EXHAUSTIVE), 10_000);
        var curve = r.strategies().get("exhaustive").curve();

        // 5 services x 3 classes x 4 levels: exhaustive is done after 60 experiments
        assertThat(curve.get(curve.size() - 1).experiments()).isEqualTo(60);
    }

    @Test
    void exhaustiveCoversEveryTargetAndClassAtTheTopLevelFirst() {
        Topology t = shop();
        Strategy s = StrategyKind.EXHAUSTIVE.create(t, new MemoLearner(t), 1);
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            var f = s.next().orElseThrow();
            assertThat(MemoLearner.level(f)).isEqualTo(MemoLearner.LEVELS - 1);
            first.add(f.target() + "/" + f.type().faultClass());
        }

        assertThat(first).doesNotHaveDuplicates().hasSize(15);
        assertThat(first.get(0)).startsWith("front/");
    }

    @Test
    void theExhaustiveSweepVisitsEveryLevelOnce() {
        assertThat(ExhaustiveStrategy.sweepOrder(12)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11).startsWith(11);
        assertThat(ExhaustiveStrategy.sweepOrder(4)).containsExactly(3, 1, 2, 0);
    }

    @Test
    void theHeuristicRanksByCallFrequencyBeforeItHasLearnedAnything() {
        Topology t = graph().edge("front", "hot", true, 5, none()).edge("front", "cold", true, 0.1, none())
                .journey("j", "front", "hot", "cold").topology();

        var f = StrategyKind.HEURISTIC.create(t, new MemoLearner(t), 1).next().orElseThrow();

        assertThat(f.target()).isEqualTo("hot");
        assertThat(HeuristicStrategy.callFrequency(t)).containsEntry("hot", 5.0).containsEntry("front", 1.0);
    }

    @Test
    void theHeuristicBisectsTowardsLowerLevelsOfAPairThatProvedHarmful() {
        Topology t = shop();
        Strategy s = StrategyKind.HEURISTIC.create(t, new MemoLearner(t), 1);
        var harmful = new Observed(java.util.Map.of(), java.util.Map.of("buy", true), 0);
        var first = s.next().orElseThrow();
        s.observed(first, harmful);
        var second = s.next().orElseThrow();

        assertThat(second.target()).isEqualTo(first.target());
        assertThat(second.type()).isEqualTo(first.type());
        assertThat(MemoLearner.level(second)).isLessThan(MemoLearner.level(first));
    }

    @Test
    void theHeuristicMovesAwayFromAPairThatProvedHarmless() {
        Topology t = shop();
        Strategy s = StrategyKind.HEURISTIC.create(t, new MemoLearner(t), 1);
        var harmless = new Observed(java.util.Map.of(), java.util.Map.of("buy", false), 0);
        var first = s.next().orElseThrow();
        s.observed(first, harmless);
        var second = s.next().orElseThrow();

        assertThat(second.target() + second.type()).isNotEqualTo(first.target() + first.type());
    }

    @Test
    void jaccardErrorIgnoresTheTargetAndTreatsTwoEmptySetsAsAgreement() {
        assertThat(EvaluationSet.error(java.util.Map.of("t", 1.0), "t", java.util.Set.of())).isZero();
        assertThat(EvaluationSet.error(java.util.Map.of("a", 0.9, "b", 0.4), "t", java.util.Set.of("a", "b"))).isEqualTo(0.5);
        assertThat(EvaluationSet.error(java.util.Map.of("c", 0.5), "t", java.util.Set.of("a"))).isEqualTo(1.0);
    }

    @Test
    void anExperimentThroughTheSpiLeavesNoFaultBehindAndChargesBudgetOnlyForHarm() {
        Topology t = shop();
        SimulatedSystem system = SimulatedSystem.create(Simulator.create(t, GroundTruth.of(t, 1)), SimulatedClock.startingAt(Bench.START), 1);
        Experimenter e = new Experimenter(system);
        MemoLearner l = new MemoLearner(t);

        Observed harmful = e.run(l.fault(dev.assay.model.FaultClass.ERRORS, "cart", 3));
        Observed harmless = e.run(l.fault(dev.assay.model.FaultClass.LATENCY, "mail", 0));

        assertThat(system.active()).isEmpty();
        assertThat(harmful.services()).containsEntry("cart", true).containsEntry("front", true).containsEntry("catalog", false);
        assertThat(harmful.journeys()).containsEntry("buy", true).containsEntry("browse", false);
        assertThat(harmful.budget()).isGreaterThan(0);
        assertThat(harmless.budget()).isZero();
        assertThat(harmless.degradedServices()).isEmpty();
    }
}
