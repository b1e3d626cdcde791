package dev.assay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Fault;
import dev.assay.model.Topology;
import org.junit.jupiter.api.Test;

/** The lookahead plans on draws from the learner's own belief: never the truth, never the learner itself. */
class LookaheadStrategyTest {
    private final Topology shop = BenchTest.shop();

    @Test
    void itsPickDependsOnTheBeliefNotOnTheGroundTruth() {
        Fault first = pickAfterOneExperiment(1, 7);
        Fault other = pickAfterOneExperiment(2, 7);

        assertThat(other).isEqualTo(first);
    }

    @Test
    void itPlansOnCopiesAndLeavesTheLearnerAsItWas() {
        MechanismLearner learner = MechanismLearner.create(shop, 3);
        Fault probe = learner.fault(dev.assay.model.FaultClass.ERRORS, "cart", 8);
        var before = learner.predict(probe);

        new LookaheadStrategy(shop, GraphOrder.of(shop), learner, 3).next().orElseThrow();

        assertThat(learner.predict(probe)).isEqualTo(before);
        assertThat(learner.posterior("front", "cart")).isEqualTo(MechanismLearner.create(shop, 3).posterior("front", "cart"));
    }

    /** The learner sees one experiment on {@code truthSeed}'s system; then the lookahead picks with planning seed {@code seed}. */
    private Fault pickAfterOneExperiment(long truthSeed, long seed) {
        MechanismLearner learner = MechanismLearner.create(shop, seed);
        Simulator truth = Simulator.create(shop, GroundTruth.of(shop, truthSeed));
        Fault f = learner.fault(dev.assay.model.FaultClass.LATENCY, "mail", 0); // mail is async: every truth shows the same
        learner.learn(f, new Experimenter(SimulatedSystem.create(truth, SimulatedClock.startingAt(Bench.START), seed)).run(f));
        return new LookaheadStrategy(shop, GraphOrder.of(shop), learner, seed).next().orElseThrow();
    }
}
