package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.journal.Journal;
import dev.assay.model.Expectation;
import dev.assay.model.Intent;
import dev.assay.model.Quantity;
import dev.assay.spi.Reading;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import dev.assay.verdict.VerdictPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steady state apart from the faulted window, on loopback (real child JVM services, probes, SQLite): an intent
 * about behaviour under the fault is judged, not refused by the pre-flight; recovery waits for every journey.
 */
class SteadyStateTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private ChildService shop;
    private ChildService other;
    private HttpProbe shopProbe;
    private HttpProbe otherProbe;
    private Journal journal;

    @BeforeEach
    void start() throws Exception {
        shop = ChildService.start();
        other = ChildService.start();
        shopProbe = HttpProbe.start("shop", shop.url(), 200, Duration.ofSeconds(5), clock);
        otherProbe = HttpProbe.start("other", other.url(), 100, Duration.ofSeconds(5), clock);
        journal = Journal.open(dir.resolve("journal.db"));
        Steady.await(shopProbe, "shop", 100);
        Steady.await(otherProbe, "other", 100);
    }

    @AfterEach
    void stop() throws Exception {
        shopProbe.close();
        otherProbe.close();
        journal.close();
        shop.close();
        other.close();
    }

    private ExperimentRunner runner(ExperimentListener listener) {
        var sli = CompositeSli.of(shopProbe, otherProbe);
        return ExperimentRunner.builder().journal(journal).sli(sli).measurements(CompositeMeasurements.of(List.of(shopProbe, otherProbe)))
                .budget(j -> new Reading.Known("budget." + j, 0.9, 1, Instant.now()))
                .injector(ProcessInjector.create(Map.of("shop", "pid:" + shop.pid()), dir.resolve("leases"), clock))
                .clock(clock).settings(ExperimentRunnerTest.FAST).policy(new VerdictPolicy(0.95, 500, 7, 30, 5)).listener(listener).build();
    }

    /** "While paused, the shop is slow (p95 above 300 ms)": true only during the fault. */
    private static Intent slowWhilePaused(List<Expectation> steadyState) {
        Intent base = Intents.pauseShop("shop-is-slow-while-paused", Intents.pause(2500), 1000, List.of());
        List<Expectation> during = List.of(new Expectation("shop.latency.p95", Expectation.Comparison.ABOVE, Quantity.millis(300)));
        return new Intent(base.id(), base.owner(), "shop", "paused, the shop answers late", base.fault(), during, base.mechanism(),
                base.blastRadius(), base.safety(), steadyState.isEmpty() ? during : steadyState);
    }

    private static Experiment experiment(String id, Intent intent) {
        return new Experiment(id, intent, List.of("shop"), 0.01, Experiment.Mode.SINGLE, List.of(), Set.of("shop"), Map.of());
    }

    @Test
    void anExpectationAboutTheFaultedWindowIsJudgedWhenTheSteadyStateIsDeclaredApart() {
        List<Expectation> steady = List.of(new Expectation("shop.latency.p95", Expectation.Comparison.BELOW, Quantity.millis(1000)));
        Outcome o = runner(ExperimentListener.NONE).run(experiment("fail-fast", slowWhilePaused(steady)));
        assertThat(o.verdict()).as(o.toString()).isInstanceOf(Verdict.Supported.class);
    }

    @Test
    void withoutADeclaredSteadyStateThePreflightStillDemandsTheExpectationBeforeTheFault() {
        Outcome o = runner(ExperimentListener.NONE).run(experiment("refused", slowWhilePaused(List.of())));
        assertThat(o.abortReason().orElseThrow()).contains("pre-flight refused").contains("shop.latency.p95");
    }

    @Test
    void recoveryWaitsForEveryJourneyAndSaysWhichIsNotBackWithinItsBaselineSpread() throws Exception {
        Intent brief = Intents.pauseShop("shop-tolerates-short-pauses", Intents.pause(100), 1000, List.of());
        ExperimentRunner runner = runner(new ExperimentListener() {
            @Override
            public void faultApplied(String experimentId, dev.assay.spi.Injector.AppliedFault fault) {
                try {
                    other.close(); // the other journey breaks during this experiment and stays broken
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        runner.run(experiment("spoiled", brief).withRecoverySlis(List.of("shop.errors.rate", "other.errors.rate")));
        assertThat(journal.transitions("spoiled")).filteredOn(t -> t.state().equals("RECOVERY")).extracting(Journal.Transition::detail)
                .anySatisfy(d -> assertThat(d).contains("NOT verified", "other.errors.rate", "baseline spread up to"));
    }

    @Test
    void recoveryVerifiesEveryJourneyWhenAllAreBack() {
        Intent brief = Intents.pauseShop("shop-tolerates-short-pauses", Intents.pause(100), 1000, List.of());
        runner(ExperimentListener.NONE).run(experiment("clean", brief).withRecoverySlis(List.of("shop.errors.rate", "other.errors.rate")));
        assertThat(journal.transitions("clean")).filteredOn(t -> t.state().equals("RECOVERY")).extracting(Journal.Transition::detail)
                .anySatisfy(d -> assertThat(d).contains("steady state verified", "every journey within its baseline's spread"));
    }
}
