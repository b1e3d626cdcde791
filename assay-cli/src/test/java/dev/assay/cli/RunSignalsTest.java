package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.journal.Journal;
import dev.assay.testkit.ChildJvms;
import dev.assay.testkit.PrometheusServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code assay run} as a real child process, against a real HTTP service behind the real fault proxy, with
 * a real Prometheus scraping the proxy for the error budget: SIGINT rolls back and exits 4; SIGKILL leaves
 * the fault to its lease, and the next run marks the experiment INTERRUPTED.
 */
class RunSignalsTest {
    @TempDir
    Path dir;

    CheckoutRig rig;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(PrometheusServer.available(), "prometheus is not installed");
        rig = CheckoutRig.start(dir);
    }

    @AfterEach
    void stop() {
        if (rig != null) rig.close();
    }

    private ChildJvms.Child assayRun(String... extra) throws Exception {
        return rig.children().start("run", rig.args("run", extra));
    }

    @Test
    void sigintTwiceRollsBackJournalsAndExitsFour() throws Exception {
        ChildJvms.Child run = assayRun("--yes");
        rig.awaitInjection(run);
        run.signal("INT");
        Thread.sleep(50);
        run.signal("INT"); // a second Ctrl-C must not skip the rollback
        assertThat(run.exits(ChildJvms.GENEROUS)).as("exits after two SIGINTs (bounded: rollback, then exit)").isTrue();
        assertThat(run.exitValue()).as(run.err()).isEqualTo(4);
        assertThat(rig.toxics()).isZero();
        try (Journal j = Journal.open(rig.journal())) {
            var o = j.outcomes().get(0);
            assertThat(o.abortReason().orElseThrow()).contains("stopped by the operator");
            assertThat(j.transitions(o.experimentId())).extracting(Journal.Transition::state).containsSubsequence("INJECTING", "ROLLBACK", "ABORTED");
            assertThat(j.unfinished()).isEmpty();
        }
    }

    @Test
    void afterSigkillTheFaultExpiresAndTheNextRunMarksTheExperimentInterrupted() throws Exception {
        ChildJvms.Child run = assayRun("--yes");
        rig.awaitInjection(run);
        rig.sigkillAndAssertTheFaultEndsWithItsLease(run);

        ChildJvms.Child next = assayRun(); // no --yes and stdin closed: recovers, then declines to run anything
        next.closeStdin();
        assertThat(next.exits(ChildJvms.GENEROUS)).isTrue();
        assertThat(next.err()).contains("INTERRUPTED").contains("verified gone");
        try (Journal j = Journal.open(rig.journal())) {
            assertThat(j.unfinished()).isEmpty();
            var o = j.outcomes().get(0);
            assertThat(o.abortReason().orElseThrow()).startsWith("interrupted");
            assertThat(j.transitions(o.experimentId())).extracting(Journal.Transition::state).last().isEqualTo("INTERRUPTED");
            assertThat(j.transitions(o.experimentId())).filteredOn(t -> t.state().equals("INTERRUPTED")).singleElement()
                    .satisfies(t -> assertThat(t.detail()).startsWith("interrupted:"));
        }
    }

    @Test
    void sigintOnceRollsBackAndExitsFourWithinTheBound() throws Exception {
        ChildJvms.Child run = assayRun("--yes");
        rig.awaitInjection(run);
        long signalled = System.nanoTime();
        run.signal("INT");
        assertThat(run.exits(ChildJvms.GENEROUS)).isTrue();
        assertThat(run.exitValue()).as(run.err()).isEqualTo(4);
        assertThat(Duration.ofNanos(System.nanoTime() - signalled)).as("exit is bounded by design (Signals.EXIT_DEADLINE)")
                .isLessThan(Signals.EXIT_DEADLINE.plus(Signals.ROLLBACK_WAIT).plusSeconds(10));
        assertThat(rig.toxics()).isZero();
        assertThat(run.err()).contains("faults removed in").contains("checked once");
        try (Journal j = Journal.open(rig.journal())) {
            assertThat(j.unfinished()).isEmpty();
            assertThat(j.outcomes().get(0).abortReason().orElseThrow()).contains("stopped by the operator");
        }
    }
}
