package dev.assay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.ChaosScale;
import dev.assay.model.FaultClass;
import dev.assay.model.Topology;
import dev.assay.planner.Candidate;
import dev.assay.planner.PlanRequest;
import dev.assay.planner.Planner;
import java.util.List;
import org.junit.jupiter.api.Test;

class BeliefLearnerTest {
    final Topology shop = BenchTest.shop();

    @Test
    void theEigStrategyRunsThePlannersBestRunnableCandidate() {
        BeliefLearner learner = BeliefLearner.create(shop, 4);
        var best = Planner.create(learner.belief(), List.of()).plan(PlanRequest.defaults().withTop(1).withSeed(4)
                        .withSlotInformationWeight(BeliefLearner.SLOT_INFORMATION_WEIGHT).withOverheadMinutes(BeliefLearner.OVERHEAD_MINUTES))
                .candidates().stream().filter(Candidate::runnable).findFirst().orElseThrow();

        assertThat(StrategyKind.EIG.create(shop, learner, 4).next()).contains(best.fault());
    }

    @Test
    void faultsAreOnTheBeliefsChaosScale() {
        BeliefLearner learner = BeliefLearner.create(shop, 1);

        assertThat(learner.levels()).isEqualTo(ChaosScale.LEVELS);
        assertThat(ChaosScale.level(learner.fault(FaultClass.LATENCY, "cart", 7))).isEqualTo(7);
        assertThat(ChaosScale.level(learner.fault(FaultClass.ERRORS, "cart", 3))).isEqualTo(3);
    }

    @Test
    void learningFromAnOutcomeChangesThePrediction() {
        BeliefLearner learner = BeliefLearner.create(shop, 1);
        var fault = learner.fault(FaultClass.ERRORS, "db", ChaosScale.LEVELS - 1);
        var before = learner.predict(fault).getOrDefault("front", 0.0);
        SimulatedSystem system = SimulatedSystem.create(Simulator.create(shop, GroundTruth.of(shop, 1)), SimulatedClock.startingAt(Bench.START), 1);
        Observed observed = new Experimenter(system).run(fault);

        learner.learn(fault, observed);

        double after = learner.predict(fault).getOrDefault("front", 0.0);
        assertThat(after).isNotEqualTo(before);
        assertThat(after > 0.5).isEqualTo(observed.services().get("front"));
    }
}
