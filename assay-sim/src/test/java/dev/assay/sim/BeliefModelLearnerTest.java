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

class BeliefModelLearnerTest {
    final Topology shop = BenchTest.shop();

    @Test
    void theEigStrategyRunsThePlannersBestRunnableCandidate() {
        BeliefModelLearner learner = BeliefModelLearner.create(shop, 4);
        var best = Planner.create(learner.belief(), List.of()).plan(PlanRequest.defaults().withTop(1).withSeed(4)
                        .withSlotInformationWeight(BeliefModelLearner.SLOT_INFORMATION_WEIGHT).withOverheadMinutes(BeliefModelLearner.OVERHEAD_MINUTES))
                .candidates().stream().filter(Candidate::runnable).findFirst().orElseThrow();

        assertThat(StrategyKind.EIG.create(shop, learner, 4).next()).contains(best.fault());
    }

    @Test
    void faultsAreOnTheBeliefsChaosScale() {
        BeliefModelLearner learner = BeliefModelLearner.create(shop, 1);

        assertThat(learner.levels()).isEqualTo(ChaosScale.LEVELS);
        assertThat(ChaosScale.level(learner.fault(FaultClass.LATENCY, "cart", 7))).isEqualTo(7);
        assertThat(ChaosScale.level(learner.fault(FaultClass.ERRORS, "cart", 3))).isEqualTo(3);
    }

    @Test
    void learningFromAnOutcomeChangesThePrediction() {
        BeliefModelLearner learner = BeliefModelLearner.create(shop, 1);
        var fault = learner.fault(FaultClass.ERRORS, "db", ChaosScale.LEVELS - 1);
        var before = learner.predict(fault).getOrDefault("front", 0.0);
        SimulatedSystem system = SimulatedSystem.create(Simulator.create(shop, GroundTruth.of(shop, 1)), SimulatedClock.startingAt(Bench.START), 1);
        Observed observed = new Experimenter(system).run(fault);

        learner.learn(fault, observed);

        double after = learner.predict(fault).getOrDefault("front", 0.0);
        assertThat(after).isNotEqualTo(before);
        assertThat(after > 0.5).isEqualTo(observed.services().get("front"));
    }

    @Test
    void theEigStrategyStopsWhenNoCandidateCanTeachAnything() {
        BeliefModelLearner prior = BeliefModelLearner.create(shop, 1);
        var state = prior.belief().state();
        List<dev.assay.belief.BeliefState.EdgeBelief> certain = new java.util.ArrayList<>();
        for (var e : state.edges()) {
            List<Double> oneHot = new java.util.ArrayList<>(java.util.Collections.nCopies(e.probabilities().size(), 0.0));
            oneHot.set(oneHot.size() - 1, 1.0);
            certain.add(new dev.assay.belief.BeliefState.EdgeBelief(e.caller(), e.callee(), e.faultClass(), oneHot, e.updatedAt()));
        }
        var sure = dev.assay.belief.Belief.restore(new dev.assay.belief.BeliefState(dev.assay.belief.BeliefState.SCALE, state.levels(), certain),
                prior.belief().graph(), dev.assay.belief.Priors.broad(), dev.assay.belief.Belief.Settings.DEFAULTS,
                java.time.Clock.fixed(Bench.START, java.time.ZoneOffset.UTC));

        assertThat(StrategyKind.EIG.create(shop, BeliefModelLearner.of(sure, 1), 1).next()).isEmpty();
        assertThat(StrategyKind.EIG.create(shop, prior, 1).next()).isPresent();
    }
}
