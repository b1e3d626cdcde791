package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.journal.Journal;
import dev.assay.model.ServiceKind;
import dev.assay.runner.RunnerSettings;
import dev.assay.spi.Reading;
import dev.assay.telemetry.GraphSnapshot;
import dev.assay.telemetry.ServiceStats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Continuous mode on the real controller: a real experiment through the campaign (the real proxy, probe and journal),
 * the belief learns from it; then the telemetry shows the target at a new version, re-discovery marks the intent stale,
 * and nothing more runs. Every decision is journaled. (The discovery is a stand-in that returns the snapshots the test
 * sets: a trace backend whose service versions the test could change is not worth its start-up time here.)
 */
class ContinuousControllerTest {
    /**
     * Long enough for a conclusive verdict: at the probe's 100 requests/s and the intent's 50 % scope, an 8 s level gives
     * each cohort about 400 samples where the p95 needs 100 (a 2 s level gave about 100, the verdict was INCONCLUSIVE
     * "too few samples", and an inconclusive outcome teaches the belief nothing, so {@code learner().tested()} stayed
     * empty although the controller's learner is the one the runner updates).
     */
    static final RunnerSettings SHORT = new RunnerSettings(Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1));

    @TempDir
    Path dir;

    static GraphSnapshot snapshot(String edgeVersion) {
        Instant t = Instant.now();
        return new GraphSnapshot(t, List.of(new ServiceStats("checkout", ServiceKind.SERVICE, true, List.of("1.0"), t, t),
                new ServiceStats(Shop.EDGE, ServiceKind.SERVICE, true, List.of(edgeVersion), t, t)), List.of(), List.of(),
                new GraphSnapshot.Counts(0, 0, 0, 0), List.of());
    }

    @Test
    void runsTheBestCandidateLearnsThenSetsADriftedIntentAsideAndJournalsEachDecision() throws Exception {
        AtomicReference<GraphSnapshot> telemetry = new AtomicReference<>(snapshot("1.0"));
        try (Shop shop = new Shop(dir, SHORT, Optional.of(snapshot("1.0")),
                () -> Optional.of(new Controller.Discovered(Shop.topology(), telemetry.get())))) {
            AtomicInteger steps = new AtomicInteger();
            Scheduler.Waiter afterEachStep = t -> {
                if (steps.incrementAndGet() == 1) telemetry.set(snapshot("2.0")); // the edge service was redeployed
                return steps.get() < 3;
            };
            Scheduler.create(shop.clock, afterEachStep, Schedule.defaults(), shop.controller.freeze(), shop.journal,
                    () -> new Reading.Known("budget", 0.9, 1, Instant.now()), shop.controller::next).run();

            assertThat(shop.toxics()).isZero();
            assertThat(shop.journal.outcomes()).hasSize(1);
            assertThat(shop.journal.outcomes().get(0).verdict().kind()).as("a conclusive verdict; %s", shop.journal.outcomes())
                    .isIn("SUPPORTED", "REFUTED");
            assertThat(shop.controller.learner().tested()).extracting(dev.assay.runner.BeliefLearner.Tested::intentId)
                    .containsExactly("checkout-tolerates-a-slow-edge");
            assertThat(shop.controller.stale()).containsKey("checkout-tolerates-a-slow-edge");
            List<Journal.Decision> decisions = shop.journal.decisions();
            assertThat(decisions.get(0).action()).isEqualTo("RAN");
            assertThat(decisions.get(0).reason()).startsWith("best candidate checkout-tolerates-a-slow-edge").contains("verdict");
            assertThat(decisions).filteredOn(d -> d.action().equals("SKIPPED")).extracting(Journal.Decision::reason)
                    .anySatisfy(r -> assertThat(r).startsWith("stale: ").contains("changed version 1.0 -> 2.0"))
                    .anySatisfy(r -> assertThat(r).contains("nothing may run"));
        }
    }
}
