package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.Belief;
import dev.assay.journal.Journal;
import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import dev.assay.planner.Candidate;
import dev.assay.planner.PlanRequest;
import dev.assay.planner.Planner;
import dev.assay.spi.Reading;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The campaign (run, demo, serve) plans on the learner's mechanism belief, as {@code assay plan} does. */
class CampaignPlanTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final PlanRequest request = PlanRequest.defaults().withTop(10_000);

    private static Topology shop() {
        return new Topology("shop", List.of(new Service("frontend", ServiceKind.SERVICE), new Service("checkout", ServiceKind.SERVICE),
                new Service("payment", ServiceKind.SERVICE), new Service("inventory", ServiceKind.SERVICE)),
                List.of(Edge.of("frontend", "checkout"), Edge.of("checkout", "payment"), Edge.of("checkout", "inventory")),
                List.of(new Journey("checkout", "frontend", Optional.empty(), 1, List.of("checkout", "payment", "inventory"))));
    }

    @Test
    void theCampaignsPlanIsPlansPlanOnTheMechanismBeliefNotTheToleranceBeliefs() throws Exception {
        BeliefLearner learner = BeliefLearner.of(Belief.create(shop()), clock);
        // what assay plan does with the same belief: a learner continued from the snapshot, its mechanism belief for the EIG
        BeliefLearner restored = BeliefLearner.restore(learner.snapshotJson(), clock).orElseThrow();
        restored.continueFrom(learner.snapshotJson());
        List<Candidate> plan = Planner.create(restored.snapshot(), List.of(), restored.mechanisms()).plan(request).candidates();
        List<Candidate> tolerances = Planner.create(restored.snapshot(), List.of()).plan(request).candidates();
        try (Journal journal = Journal.open(dir.resolve("journal.db"))) {
            ExperimentRunner runner = ExperimentRunner.builder().journal(journal).sli((sli, window) -> new Reading.Unknown(sli, "none"))
                    .measurements((sli, from, to) -> Optional.empty()).budget(j -> new Reading.Known("budget." + j, 0.9, 1, Instant.now()))
                    .clock(clock).beliefs(learner).build();
            Campaign campaign = Campaign.builder().learner(learner).runner(runner).request(request)
                    .experiments(c -> { throw new AssertionError("nothing runs"); }).build();
            List<Candidate> campaigns = campaign.plan(List.of()).candidates();
            assertThat(campaigns).isNotEmpty().isEqualTo(plan);
            assertThat(campaigns).extracting(Candidate::eigBits).as("mechanism information, not the tolerance belief's")
                    .isNotEqualTo(tolerances.stream().map(Candidate::eigBits).toList());
        }
    }
}
