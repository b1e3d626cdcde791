package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.journal.Journal;
import dev.assay.testkit.ChildJvms;
import dev.assay.testkit.Jvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
            Thread.sleep(RunnerChildMain.LEASE_TTL.multipliedBy(3).dividedBy(2).toMillis()); // past one TTL: the heartbeat keeps the lease alive
            assertThat(service.stopped()).as("paused while the runner lives and renews").isTrue();

            Instant killed = Instant.now();
            runner.toHandle().destroyForcibly(); // SIGKILL
            assertThat(runner.waitFor(ChildJvms.GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
            ChildJvms.await(() -> !service.stopped(), ChildJvms.GENEROUS, () -> "the watchdog never resumed the paused service");
            // The last renewal (before the kill) set the lease's end to at most kill + TTL; the watchdog polls every 50 ms.
            // The margin is for a loaded machine running the watchdog late; it stays below the 10 s default TTL.
            assertThat(Duration.between(killed, Instant.now())).as("resumed once the 2 s lease ended, not later than a generous margin")
                    .isLessThan(RunnerChildMain.LEASE_TTL.plusSeconds(6));

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
