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
     * empty although the controller's learner is the one the runner updates). On a loaded machine the probe may still
     * fall short, so the test lets continuous mode try up to three experiments before the redeploy.
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
            // Until the belief has learned (at most 3 experiments: a loaded machine may leave too few samples for a verdict,
            // and an INCONCLUSIVE outcome teaches nothing), then the edge service is redeployed, then one more step.
            AtomicInteger steps = new AtomicInteger();
            AtomicInteger afterRedeploy = new AtomicInteger(-1);
            Scheduler.Waiter afterEachStep = t -> {
                steps.incrementAndGet();
                if (afterRedeploy.get() >= 0) return afterRedeploy.incrementAndGet() < 1;
                if (!shop.controller.learner().tested().isEmpty() || shop.journal.outcomes().size() >= 3) {
                    telemetry.set(snapshot("2.0")); // the edge service was redeployed
                    afterRedeploy.set(0);
                }
                return steps.get() < 10;
            };
            Scheduler.create(shop.clock, afterEachStep, Schedule.defaults(), shop.controller.freeze(), shop.journal,
                    () -> new Reading.Known("budget", 0.9, 1, Instant.now()), shop.controller::next).run();

            assertThat(shop.toxics()).isZero();
            List<dev.assay.verdict.Outcome> outcomes = shop.journal.outcomes();
            assertThat(outcomes).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            long conclusive = outcomes.stream().filter(o -> o.verdict().kind().equals("SUPPORTED") || o.verdict().kind().equals("REFUTED")).count();
            assertThat(conclusive).as("a conclusive verdict within 3 experiments; %s", outcomes).isEqualTo(1);
            assertThat(shop.controller.learner().tested()).as("the controller's learner is the one the continuous run taught")
                    .extracting(dev.assay.runner.BeliefLearner.Tested::intentId, dev.assay.runner.BeliefLearner.Tested::experimentId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("checkout-tolerates-a-slow-edge", outcomes.get(outcomes.size() - 1).experimentId()));
            assertThat(shop.journal.latestBeliefs()).as("what the runner journaled is what the controller reports").contains(shop.controller.learner().snapshotJson());
            assertThat(shop.controller.stale()).containsKey("checkout-tolerates-a-slow-edge");
            List<Journal.Decision> decisions = shop.journal.decisions();
            assertThat(decisions.get(0).action()).isEqualTo("RAN");
            assertThat(decisions.get(0).reason()).startsWith("best candidate checkout-tolerates-a-slow-edge").contains("verdict");
            assertThat(decisions).filteredOn(d -> d.action().equals("SKIPPED")).extracting(Journal.Decision::reason)
                    .anySatisfy(r -> assertThat(r).startsWith("stale: ").contains("changed version 1.0 -> 2.0"))
                    .anySatisfy(r -> assertThat(r).contains("nothing may run"));
            try (ApiServer api = ApiServer.start(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), Optional.empty(),
                    shop.controller)) {
                var shown = new Http(java.net.URI.create("http://127.0.0.1:" + api.address().getPort()), java.util.Map.of()).get("/api/decisions");
                assertThat(shown.status()).isEqualTo(200);
                var first = shown.body().path("decisions").get(0);
                assertThat(first.path("action").asText()).isEqualTo("RAN");
                assertThat(first.path("intent").asText()).isEqualTo("checkout-tolerates-a-slow-edge");
                assertThat(first.path("experimentId").asText()).isEqualTo(outcomes.get(0).experimentId());
                assertThat(first.path("reason").asText()).contains("verdict").contains("of the error budget spent");
                assertThat(shown.body().path("decisions").findValuesAsText("reason")).anySatisfy(r -> assertThat(r).startsWith("stale: "));
            }
        }
    }
}
