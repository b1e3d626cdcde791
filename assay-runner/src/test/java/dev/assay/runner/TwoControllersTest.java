package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.journal.Journal;
import dev.assay.spi.Reading;
import dev.assay.testkit.Jvm;
import dev.assay.testkit.PostgresServer;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import dev.assay.verdict.VerdictPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two controllers on one PostgreSQL team journal: a real runner process mid-injection holds the experiment lease,
 * so a second runner's experiment is skipped without touching the system; after the first is SIGKILLed its lease
 * expires and the second runs.
 */
class TwoControllersTest {
    @TempDir
    Path dir;

    @Test
    void aSecondControllerWaitsWhileTheLeaseIsHeldAndProceedsAfterTheKilledHolderExpires() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        Clock clock = Clock.systemUTC();
        try (ChildService service = ChildService.start(); Journal journal = Journal.open(url);
             HttpProbe probe = HttpProbe.start("shop", service.url(), 200, Duration.ofSeconds(5), clock)) {
            Steady.await(probe, "shop", 100);
            Process first = new ProcessBuilder(Jvm.javaBinary(), "-cp", Jvm.classPath(), RunnerChildMain.class.getName(), url,
                    String.valueOf(service.pid()), dir.resolve("leases-a").toString(), service.url().toString(), "first-controller")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                String line = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8)).readLine();
                assertThat(line).isEqualTo("injecting first-controller");

                AtomicBoolean secondInjected = new AtomicBoolean();
                ExperimentRunner second = runner(journal, probe, service, Duration.ofSeconds(2), secondInjected);
                Outcome skipped = second.run(experiment("second-while-held"));
                assertThat(skipped.verdict()).isInstanceOf(Verdict.Aborted.class);
                assertThat(skipped.abortReason().orElseThrow()).startsWith("skipped: controller ").contains("experiment first-controller");
                assertThat(secondInjected).as("no fault while the other controller's experiment runs").isFalse();
                assertThat(journal.transitions("second-while-held")).extracting(Journal.Transition::state).containsExactly("PLANNED", "ABORTED");
                assertThat(service.stopped()).as("the first controller's fault is still on (its leases are renewed)").isTrue();

                first.toHandle().destroyForcibly(); // SIGKILL mid-experiment: nothing releases the lease
                first.waitFor(30, TimeUnit.SECONDS);
                Instant killed = clock.instant();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (service.stopped() && System.nanoTime() < deadline) Thread.sleep(20);
                Steady.await(probe, "shop", 100);

                ExperimentRunner patient = runner(journal, probe, service, Duration.ofSeconds(60), secondInjected);
                Outcome ran = patient.run(experiment("second-after-expiry"));
                assertThat(ran.abortReason()).as(ran.verdict().toString()).isEmpty();
                assertThat(secondInjected).as("ran once the killed holder's lease expired").isTrue();
                assertThat(journal.transitions("second-after-expiry")).extracting(Journal.Transition::state)
                        .containsSubsequence("PREFLIGHT", "INJECTING", "ROLLBACK", "DONE");
                assertThat(journal.transitions("second-after-expiry").get(1).at()).isAfter(killed);
                assertThat(journal.experimentLease()).as("released after the experiment").isEmpty();
                assertThat(journal.unfinished()).extracting(Journal.Unfinished::experimentId).containsExactly("first-controller");
            } finally {
                first.toHandle().destroyForcibly();
            }
        }
    }

    private ExperimentRunner runner(Journal journal, HttpProbe probe, ChildService service, Duration wait, AtomicBoolean injected) {
        Clock clock = Clock.systemUTC();
        return ExperimentRunner.builder().journal(journal).sli(probe).measurements(probe)
                .budget(j -> new Reading.Known("budget", 0.9, 1, Instant.now()))
                .injector(ProcessInjector.create(Map.of("shop", "pid:" + service.pid()), dir.resolve("leases-b"), clock))
                .clock(clock).settings(ExperimentRunnerTest.FAST).policy(new VerdictPolicy(0.95, 500, 7, 30, 5))
                .lease("second", wait)
                .listener(new ExperimentListener() {
                    @Override
                    public void faultApplied(String experimentId, dev.assay.spi.Injector.AppliedFault fault) {
                        injected.set(true);
                    }
                }).build();
    }

    private static Experiment experiment(String id) {
        return new Experiment(id, Intents.pauseShop("shop-tolerates-short-pauses", Intents.pause(100), 1000, List.of()), List.of("shop"), 0.01,
                Experiment.Mode.SINGLE, List.of(), Set.of("shop"), Map.of("shop", List.of("shop.latency.p50", "shop.errors.rate")));
    }
}
