package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.Belief;
import dev.assay.journal.Journal;
import dev.assay.model.Edge;
import dev.assay.model.Intent;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import dev.assay.spi.Reading;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.VerdictPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The campaign on loopback: a real HTTP service in a child JVM ("shop", behind a "gateway" in the model), paused
 * by the process injector, probed, journaled. One intent's guard trips; the campaign learns from it and goes on.
 */
class CampaignTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private ChildService service;
    private HttpProbe probe;
    private Journal journal;

    @BeforeEach
    void start() throws Exception {
        service = ChildService.start();
        probe = HttpProbe.start("shop", service.url(), 200, java.time.Duration.ofSeconds(5), clock);
        journal = Journal.open(dir.resolve("journal.db"));
        Steady.await(probe, "shop", 100);
    }

    @AfterEach
    void stop() throws Exception {
        probe.close();
        journal.close();
        service.close();
    }

    private static Topology topology() {
        return new Topology("t", List.of(new Service("gateway", ServiceKind.SERVICE), new Service("shop", ServiceKind.SERVICE)),
                List.of(Edge.of("gateway", "shop")), List.of(new Journey("shop", "gateway", Optional.empty(), 1, List.of("shop"))));
    }

    private final List<Intent> intents = List.of(
            Intents.pauseShop("shop-keeps-selling-while-paused", Intents.pause(30_000), 1000, List.of(Intents.throughputDropsBy(0.5))),
            Intents.pauseShop("shop-tolerates-short-pauses", Intents.pause(100), 1000, List.of()));

    private Campaign.Result campaign(boolean stopOnAbort, BeliefLearner learner) {
        ExperimentRunner runner = ExperimentRunner.builder().journal(journal).sli(probe).measurements(probe)
                .budget(j -> new Reading.Known("budget." + j, 0.9, 1, Instant.now()))
                .injector(ProcessInjector.create(Map.of("shop", "pid:" + service.pid()), dir.resolve("leases"), clock))
                .clock(clock).settings(ExperimentRunnerTest.FAST).policy(new VerdictPolicy(0.95, 500, 7, 30, 5)).beliefs(learner).build();
        return Campaign.builder().learner(learner).intents(intents).runner(runner).stopOnAbort(stopOnAbort)
                .experiments(c -> {
                    Intent i = intents.stream().filter(x -> x.id().equals(c.intent().orElseThrow())).findFirst().orElseThrow();
                    return new Experiment(Campaign.experimentId(i.id(), clock), i, List.of(), 0.01, Experiment.Mode.SINGLE, List.of(),
                            Set.of("gateway", "shop", "gateway->shop"), Map.of("gateway", List.of("shop.errors.rate")));
                }).build().run(10);
    }

    @Test
    void afterAGuardAbortTheCampaignLearnsFromItAndGoesOnWithTheNextCandidate() {
        BeliefLearner learner = BeliefLearner.of(Belief.create(topology()), clock);
        Campaign.Result r = campaign(false, learner);
        assertThat(r.outcomes()).extracting(Outcome::intentId).containsExactlyInAnyOrder(intents.get(0).id(), intents.get(1).id());
        Outcome aborted = r.outcomes().stream().filter(o -> o.intentId().equals(intents.get(0).id())).findFirst().orElseThrow();
        assertThat(BeliefLearner.guardTripped(aborted)).as(aborted.toString()).isTrue();
        assertThat(aborted.bitsGained()).as("an abort is evidence").isGreaterThan(0);
        assertThat(learner.tested()).extracting(BeliefLearner.Tested::intentId).contains(intents.get(0).id());
        assertThat(r.learned().findings()).anySatisfy(f -> assertThat(f.edge()).isEqualTo("gateway->shop"));
        assertThat(r.stoppedOnAbort()).isFalse();
    }

    @Test
    void withStopOnAbortTheCampaignEndsAtTheFirstGuardAbort() {
        Campaign.Result r = campaign(true, BeliefLearner.of(Belief.create(topology()), clock));
        assertThat(r.stoppedOnAbort()).isTrue();
        assertThat(BeliefLearner.guardTripped(r.outcomes().get(r.outcomes().size() - 1))).isTrue();
    }
}
