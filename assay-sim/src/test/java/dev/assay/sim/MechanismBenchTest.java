package dev.assay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.ChaosScale;
import dev.assay.belief.EdgeMechanism;
import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The mechanism learner, the remembering baselines and the fairness of the bench, on the small shop of {@link BenchTest}. */
class MechanismBenchTest {
    static BenchResult run(List<StrategyKind> kinds, int max) {
        return Bench.create(BenchTest.shop(), new BenchOptions(1, 1, kinds, 0.05, max, 1000), line -> { }).run();
    }

    @Test
    void eigOnTheMechanismBeliefLearnsTheShopAndItsMechanismsWithFewExperiments() {
        BenchResult r = run(List.of(StrategyKind.EIG, StrategyKind.SWEEP), 40);
        var eig = r.strategies().get("eig");

        assertThat(eig.experimentsToTarget()).isPresent();
        assertThat(eig.experimentsToTarget().get()).isLessThan(20);
        assertThat(eig.finalError()).isLessThanOrEqualTo(r.strategies().get("sweep").finalError());
        assertThat(eig.mechanisms()).isPresent();
        assertThat(eig.mechanisms().get().equivalent()).isGreaterThanOrEqualTo(0.6); // measured 0.67 (2 of 3 reached edges)
        assertThat(r.strategies().get("sweep").mechanisms()).isEmpty();
    }

    @Test
    void eigStopsOnceTheEdgesAPlannableFaultCanStillTellApartAreSettled() {
        var topology = BenchTest.shop();
        Simulator simulator = Simulator.create(topology, GroundTruth.of(topology, 1));
        Experimenter experimenter = new Experimenter(SimulatedSystem.create(simulator, SimulatedClock.startingAt(Bench.START), 1));
        MechanismLearner learner = MechanismLearner.create(topology, 1);
        var g = learner.mechanisms().graph();
        assertThat(learner.ranked()).isNotEmpty();

        int n = 0;
        for (; n < 150; n++) {
            List<Fault> next = learner.ranked();
            if (next.isEmpty()) break;
            learner.learn(next.get(0), experimenter.run(next.get(0)));
        }

        assertThat(n).isLessThan(150); // measured: stops after 12 experiments
        int settled = 0;
        for (String edge : List.of("front->cart", "front->catalog", "cart->db")) {
            String[] ends = edge.split("->");
            if (learner.mechanisms().settled(g.edge(ends[0], ends[1]).getAsInt(), BeliefModelLearner.LATENCY_SCOPE)) settled++;
        }
        assertThat(settled).isEqualTo(3);
    }

    @Test
    void aMechanismIsIdentifiableOnlyUpToWhatAPlannableFaultCanShow() {
        EdgeMechanism none = EdgeMechanism.NONE;
        EdgeMechanism twoRetries = new EdgeMechanism(OptionalLong.empty(), 2, false, false, false);
        EdgeMechanism longTimeout = new EdgeMechanism(OptionalLong.of(60_000), 0, false, false, false);

        assertThat(MechanismAccuracy.distinguishableByAPlannableFault(none, twoRetries, 1)).isTrue();
        assertThat(MechanismAccuracy.distinguishableByAPlannableFault(none, none, 1)).isFalse();
        // no fault of the chaos scale delays a call by a minute: that timeout cannot be told from none
        assertThat(MechanismAccuracy.distinguishableByAPlannableFault(none, longTimeout, 1)).isFalse();
    }

    @Test
    void theMemoryRecallsExactlyWhatItSawAndInfersOnlyByMonotonicity() {
        MemoryLearner m = MemoryLearner.create();
        Fault mild = m.fault(FaultClass.ERRORS, "db", 3);
        m.learn(mild, new Observed(Map.of("cart", true, "front", false), Map.of("buy", true), 0.1));

        assertThat(m.predict(mild)).containsEntry("cart", 1.0).containsEntry("front", 0.0);
        assertThat(m.predict(m.fault(FaultClass.ERRORS, "db", 8))).containsEntry("cart", 1.0).doesNotContainKey("front");
        assertThat(m.predict(m.fault(FaultClass.ERRORS, "db", 1))).isEmpty();
        assertThat(m.predictJourneys(m.fault(FaultClass.ERRORS, "db", 8))).containsEntry("buy", 1.0);
    }

    @Test
    void ldfiPrunesAPairWhoseStrongestFaultFalsifiesNoJourneyAndBisectsTheOthers() {
        MemoryLearner m = MemoryLearner.create();
        LdfiStrategy ldfi = new LdfiStrategy(BenchTest.shop(), GraphOrder.of(BenchTest.shop()), m);
        Fault first = ldfi.next().orElseThrow();
        assertThat(ChaosScale.level(first)).isEqualTo(ChaosScale.LEVELS - 1);
        assertThat(first.target()).isEqualTo("front"); // in both journeys' lineage
        ldfi.observed(first, new Observed(Map.of(), Map.of("buy", false, "browse", false), 0));

        for (int k = 0; k < 200; k++) {
            Optional<Fault> f = ldfi.next();
            if (f.isEmpty()) break;
            assertThat(f.get().target() + f.get().type().faultClass()).isNotEqualTo(first.target() + first.type().faultClass());
            ldfi.observed(f.get(), new Observed(Map.of(), Map.of("buy", true), 0));
        }
        assertThat(ldfi.next()).isEmpty();
    }

    @Test
    void theEvaluationScoresOnlyServicesAStrategyMayTarget() {
        var topology = BenchTest.shop();
        EvaluationSet e = EvaluationSet.of(topology, Simulator.create(topology, GroundTruth.of(topology, 1)), MemoryLearner.create(), 100_000, 1);

        assertThat(e.size()).isEqualTo(GraphOrder.of(topology).size() * FaultClass.values().length * ChaosScale.LEVELS);
    }
}
