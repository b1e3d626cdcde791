package dev.assay.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.Belief;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.generate.TopologyGenerator;
import dev.assay.model.Topology;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class PlannerProperties {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    static Belief belief(Topology t) {
        return Belief.create(SystemGraph.of(t), Priors.broad(), Belief.Settings.DEFAULTS, CLOCK);
    }

    @Property(tries = 40)
    void noRunnableCandidateEverInjectsIntoAnExclusionZone(@ForAll @IntRange(min = 3, max = 60) int services,
                                                           @ForAll @LongRange(min = 0, max = 1000) long seed,
                                                           @ForAll @IntRange(min = 1, max = 4) int zoneCount) {
        Topology t = TopologyGenerator.generate(services, seed);
        List<String> zones = new ArrayList<>();
        for (int i = 0; i < zoneCount; i++) zones.add(t.services().get((int) ((seed * 31 + i * 17L) % services)).name());
        PlanRequest req = PlanRequest.defaults().withTop(10_000).withBudget(1e9, 1.0).withExclusionZones(zones);
        Plan plan = Planner.create(belief(t), List.of()).plan(req);
        for (Candidate c : plan.candidates()) {
            if (!c.runnable()) continue;
            assertThat(zones).doesNotContain(c.fault().target());
            for (String z : zones) assertThat(c.predictedBlastRadius().getOrDefault(z, 0.0)).isLessThanOrEqualTo(req.involvementThreshold());
        }
    }

    @Property(tries = 40)
    void eigIsNeverNegativeAndCostsAreFinite(@ForAll @IntRange(min = 2, max = 80) int services, @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Plan plan = Planner.create(belief(TopologyGenerator.generate(services, seed)), List.of())
                .plan(PlanRequest.defaults().withTop(10_000).withBudget(1e9, 1.0));
        assertThat(plan.candidates()).allSatisfy(c -> {
            assertThat(c.eigBits()).isGreaterThanOrEqualTo(0.0);
            assertThat(c.expectedCost()).isGreaterThanOrEqualTo(0.0).isFinite();
            assertThat(c.predictedBlastRadius().values()).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0 + 1e-12));
        });
    }

    @Property(tries = 200)
    void binaryInformationIsBoundedByOneBitAndZeroWhenCertain(@ForAll @net.jqwik.api.constraints.DoubleRange(min = 0, max = 1) double p) {
        assertThat(Eig.binary(p, 0.02, 0.05)).isBetween(0.0, 1.0);
        assertThat(Eig.binary(0, 0.02, 0.05)).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Eig.binary(1, 0.02, 0.05)).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Eig.ramp(new double[] {p / 2, p}, 0.02, 0.05)).isGreaterThanOrEqualTo(0.0);
    }
}
