package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.journal.Journal;
import dev.assay.testkit.Jvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL of a real runner process mid-injection: the fault expires with its lease; the next run marks it INTERRUPTED. */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void faultsOfAKilledRunnerExpireAndTheNextRunMarksTheExperimentInterrupted() throws Exception {
        Path journalFile = dir.resolve("journal.db");
        Path leases = dir.resolve("leases");
        try (ChildService service = ChildService.start()) {
            Process runner = new ProcessBuilder(Jvm.javaBinary(), "-cp", Jvm.classPath(), RunnerChildMain.class.getName(), journalFile.toString(),
                    String.valueOf(service.pid()), leases.toString(), service.url().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String line = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).startsWith("injecting");
            Thread.sleep(1500); // well past one TTL: the heartbeat is keeping the 1 s lease alive
            assertThat(service.stopped()).as("paused while the runner lives and renews").isTrue();

            runner.toHandle().destroyForcibly(); // SIGKILL
            long killed = System.nanoTime();
            runner.waitFor(10, TimeUnit.SECONDS);
            while (service.stopped() && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(5)) Thread.sleep(10);
            Duration resumedAfter = Duration.ofNanos(System.nanoTime() - killed);
            assertThat(service.stopped()).isFalse();
            assertThat(resumedAfter).as("fault gone within the 1 s lease TTL (+ watchdog poll)").isLessThan(Duration.ofMillis(1300));

            try (Journal journal = Journal.open(journalFile)) {
                assertThat(journal.unfinished()).singleElement().satisfies(u -> assertThat(u.lastState()).isEqualTo("INJECTING"));
                List<Recovery.Recovered> recovered = Recovery.recoverUnfinished(journal,
                        List.of(ProcessInjector.create(Map.of("shop", "pid:" + service.pid()), leases, Clock.systemUTC())),
                        Clock.systemUTC(), Duration.ofSeconds(1));
                assertThat(recovered).singleElement().satisfies(r -> {
                    assertThat(r.experimentId()).isEqualTo("killed-mid-injection");
                    assertThat(r.allGone()).isTrue();
                    assertThat(r.faults()).singleElement().asString().contains("verified gone");
                });
                assertThat(journal.unfinished()).isEmpty();
                List<Journal.Transition> interrupted = journal.transitions("killed-mid-injection").stream()
                        .filter(t -> t.state().equals("INTERRUPTED")).toList();
                assertThat(interrupted).as("one INTERRUPTED transition, carrying the reason").singleElement()
                        .satisfies(t -> assertThat(t.detail()).startsWith("interrupted: the runner stopped during INJECTING").contains("verified gone"));
                assertThat(journal.transitions("killed-mid-injection")).last().extracting(Journal.Transition::state).isEqualTo("INTERRUPTED");
                assertThat(journal.outcome("killed-mid-injection").orElseThrow().abortReason().orElseThrow()).startsWith("interrupted");
            }
        }
    }
}
