package dev.assay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Fault;
import dev.assay.model.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The oracle bound: greedy lookahead on copies of the learner, scored on the bench's own evaluation. */
class OracleStrategyTest {
    private final Topology shop = BenchTest.shop();

    @Test
    void theOracleNeedsNoMoreExperimentsToTheTargetThanAnyStrategy() {
        List<StrategyKind> kinds = List.of(StrategyKind.ORACLE, StrategyKind.RANDOM, StrategyKind.EXHAUSTIVE, StrategyKind.SWEEP, StrategyKind.EIG);
        BenchResult r = BenchTest.run(1, kinds, 60);

        int oracle = r.strategies().get("oracle").experimentsToTarget().orElseThrow();
        for (StrategyKind k : kinds) {
            r.strategies().get(k.id()).experimentsToTarget().ifPresent(n -> assertThat(oracle).as(k.id()).isLessThanOrEqualTo(n));
        }
    }

    @Test
    void itPlansOnACopyAndPicksAFaultThatTeachesSomething() {
        Simulator simulator = Simulator.create(shop, GroundTruth.of(shop, 4));
        MemoLearner learner = new MemoLearner(shop);
        EvaluationSet evaluation = EvaluationSet.of(shop, simulator, learner, 1000, 4);
        double before = evaluation.meanError(learner);
        OracleStrategy oracle = new OracleStrategy(GraphOrder.of(shop), learner, simulator, evaluation, 4);

        Fault pick = oracle.next().orElseThrow();

        assertThat(evaluation.meanError(learner)).as("the lookahead learned on copies only").isEqualTo(before);
        assertThat(learner.predict(pick)).isEmpty();
        // the memo learner predicts nothing before it has seen something degrade: a harmless fault would teach it nothing
        assertThat(simulator.blastRadius(pick, pick.peak())).as(pick.toString()).anyMatch(s -> !s.equals(pick.target()));
        learner.learn(pick, new Experimenter(SimulatedSystem.create(simulator, SimulatedClock.startingAt(Bench.START), 4)).run(pick));
        assertThat(evaluation.meanError(learner)).isLessThan(before);
    }
}
