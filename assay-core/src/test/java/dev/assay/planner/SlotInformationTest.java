package dev.assay.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.belief.Belief;
import dev.assay.belief.ChaosScale;
import dev.assay.belief.Observation;
import dev.assay.model.FaultClass;
import dev.assay.model.Topology;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SlotInformationTest {
    static final PlanRequest SLOTS = PlannerTest.ALL.withSlotInformationWeight(1.0);

    @Property(tries = 300)
    void slotInformationIsBoundedByOneBitAndZeroWhenCertainOrExplained(@ForAll @DoubleRange(min = 0, max = 1) double q,
                                                                        @ForAll @DoubleRange(min = 0, max = 1) double b) {
        Topology t = dev.assay.generate.TopologyGenerator.generate(3, 1);
        SlotInformation si = new SlotInformation(dev.assay.belief.SystemGraph.of(t), 0.02, 0.05);
        assertThat(si.information(q, b)).isBetween(0.0, 1.0);
        assertThat(si.information(0, b)).isCloseTo(0.0, within(1e-12));
        assertThat(si.information(1, b)).isCloseTo(0.0, within(1e-12));
        // The caller degrades through another callee anyway: its outcome says nothing about this edge.
        assertThat(si.information(q, 1)).isCloseTo(0.0, within(1e-12));
    }

    @Property(tries = 30)
    void eigWithSlotInformationIsNeverNegativeAndNeverBelowJourneyEig(@ForAll @IntRange(min = 2, max = 60) int services,
                                                                      @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Belief b = PlannerProperties.belief(dev.assay.generate.TopologyGenerator.generate(services, seed));
        Map<String, Double> journeyOnly = new HashMap<>();
        Planner.create(b, List.of()).plan(PlannerTest.ALL).candidates().forEach(c -> journeyOnly.put(c.id(), c.eigBits()));
        assertThat(Planner.create(b, List.of()).plan(SLOTS).candidates()).allSatisfy(c -> {
            assertThat(c.eigBits()).isGreaterThanOrEqualTo(0.0).isFinite();
            assertThat(c.eigBits()).isGreaterThanOrEqualTo(journeyOnly.getOrDefault(c.id(), 0.0) - 1e-9);
        });
    }

    @Test
    void aFullyCertainBeliefTeachesNothingAboutSlotsEither() throws IOException {
        Belief sure = PlannerTest.certain(PlannerTest.belief(SharedTopologies.load("online-boutique")));
        assertThat(Planner.create(sure, List.of()).plan(SLOTS).candidates())
                .allSatisfy(c -> assertThat(c.eigBits()).isCloseTo(0.0, within(1e-9)));
    }

    @Test
    void anExperimentStopsPayingOnceTheBeliefHasLearntItsOutcome() throws IOException {
        Belief b = PlannerTest.belief(SharedTopologies.load("online-boutique"));
        int target = b.graph().service("productcatalog").orElseThrow();
        int level = 6;
        int idx = (target * DefaultPlanner.C + FaultClass.ERRORS.ordinal()) * DefaultPlanner.K + level;
        Map<String, Boolean> nobody = new HashMap<>();
        for (int s = 0; s < b.graph().serviceCount(); s++) nobody.put(b.graph().serviceName(s), false);
        nobody.put("productcatalog", true);
        Map<String, Boolean> noJourney = new HashMap<>();
        for (int j = 0; j < b.graph().journeyCount(); j++) noJourney.put(b.graph().journeyName(j), false);
        double first = slotBits(b, idx);
        double previous = first;
        for (int i = 0; i < 5; i++) {
            b.update(Observation.of(ChaosScale.fault(FaultClass.ERRORS, "productcatalog", level, SLOTS.latencyScope()), nobody, noJourney,
                    PlannerProperties.CLOCK.instant()));
            double now = slotBits(b, idx);
            assertThat(now).isLessThan(previous);
            previous = now;
        }
        assertThat(first).isGreaterThan(0.1);
        assertThat(previous).isLessThan(first / 3);
    }

    @Test
    void candidatesOverTheBlastRadiusLimitDoNotCrowdOutRunnableOnes() {
        // The slot term is largest for shared infrastructure with many callers, exactly the targets the
        // blast-radius constraint blocks: they must be set aside before the pool of best candidates is cut.
        Belief b = PlannerProperties.belief(dev.assay.generate.TopologyGenerator.generate(3000, 1));
        Plan plan = Planner.create(b, List.of()).plan(SLOTS.withTop(1).withMaxBlastRadius(3));
        assertThat(plan.candidates().stream().filter(Candidate::runnable).toList()).singleElement()
                .satisfies(c -> assertThat(c.predictedBlastRadius().entrySet().stream().filter(e -> !e.getKey().equals(c.fault().target()))
                        .mapToDouble(Map.Entry::getValue).sum()).isLessThanOrEqualTo(3.0));
    }

    @Test
    void aNegativeSlotInformationWeightIsRejected() {
        assertThatThrownBy(() -> PlanRequest.defaults().withSlotInformationWeight(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slotInformationWeight");
    }

    private static double slotBits(Belief b, int idx) {
        Scoring s = new Scoring(b, SLOTS, Set.of());
        s.bulk();
        return s.slotBits[idx];
    }
}
