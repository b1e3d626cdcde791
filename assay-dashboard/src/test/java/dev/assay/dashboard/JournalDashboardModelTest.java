package dev.assay.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.Belief;
import dev.assay.journal.Journal;
import dev.assay.model.Topology;
import dev.assay.planner.Candidate;
import dev.assay.planner.EntryFaults;
import dev.assay.planner.Plan;
import dev.assay.planner.PlanRequest;
import dev.assay.runner.BeliefLearner;
import dev.assay.testkit.TopologyFixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's dashboard over a real SQLite journal: its plan is the one {@code assay plan} ranks. */
class JournalDashboardModelTest {
    @TempDir
    Path dir;

    @Test
    void thePlanViewRanksOnTheMechanismBeliefAsAssayPlanDoes() {
        Topology topology = TopologyFixtures.load("online-boutique.topology.json");
        BeliefLearner learner = BeliefLearner.of(Belief.create(topology), Clock.systemUTC());
        Path file = dir.resolve("journal.db");
        try (Journal j = Journal.open(file)) {
            j.recordBeliefs("x0", learner.snapshotJson(), Instant.parse("2026-12-02T06:00:00Z"));
        }
        Plan shown = JournalDashboardModel.open(file, Clock.systemUTC()).plan();
        BeliefLearner restored = BeliefLearner.restore(learner.snapshotJson(), Clock.systemUTC()).orElseThrow();
        int top = JournalDashboardModel.PLAN_TOP;
        Plan planned = EntryFaults.last(restored.planner(List.of()).plan(PlanRequest.defaults().withTop(top * 4 + 8)), topology, top);

        assertThat(shown.candidates()).isNotEmpty();
        assertThat(runnable(shown)).as("the candidates and their expected information, best first")
                .containsExactlyElementsOf(runnable(planned));
    }

    private static List<String> runnable(Plan plan) {
        return plan.candidates().stream().filter(Candidate::runnable)
                .map(c -> c.id() + String.format(" %.4f bits", c.eigBits())).toList();
    }
}
