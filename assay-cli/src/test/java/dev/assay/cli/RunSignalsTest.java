package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.assay.journal.Journal;
import dev.assay.proxy.FaultProxy;
import dev.assay.proxy.ProxySpec;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.ChildJvms;
import dev.assay.testkit.PrometheusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    HttpServer upstream;
    FaultProxy proxy;
    PrometheusServer prometheus;
    int listen;
    Path system;
    Path journal;
    ChildJvms children;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(PrometheusServer.available(), "prometheus is not installed");
        upstream = CheckoutRig.okUpstream();
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        listen = FreePorts.next();
        proxy.createProxy(new ProxySpec("productcatalog", "127.0.0.1:" + listen, "127.0.0.1:" + upstream.getAddress().getPort(), true, ProxySpec.Mode.HTTP));
        prometheus = PrometheusServer.start("127.0.0.1:" + proxy.apiAddress().getPort(), Duration.ofMillis(500));
        system = dir.resolve("assay.yaml");
        Files.writeString(system, CheckoutRig.systemYaml(prometheus.baseUri(), proxy.apiAddress().getPort(), ""));
        journal = dir.resolve("journal.db");
        children = ChildJvms.of(dir, Assay.class);
        warmUp();
    }

    /** Traffic through the proxy until Prometheus has a request rate, so the error budget can be read. */
    private void warmUp() throws Exception {
        CheckoutRig.warmUp(prometheus, listen, Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        if (children != null) children.close();
        if (prometheus != null) prometheus.close();
        if (proxy != null) proxy.close();
        if (upstream != null) upstream.stop(0);
    }

    private ChildJvms.Child assayRun(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("run", "--system", system.toString(), "--topology", ROOT.resolve("examples/topologies/online-boutique.topology.json").toString(),
                "--intents", Path.of(getClass().getResource("run/checkout-tolerates-slow-catalog.intent.yaml").toURI()).toString(),
                "--journal", journal.toString(), "--probe", "checkout=http://127.0.0.1:" + listen + "/", "--probe-rate", "100",
                "--baseline", "1s", "--level-duration", "60s", "--lease-ttl", CheckoutRig.LEASE_TTL.toSeconds() + "s", "--guard-period", "100ms"));
        cmd.addAll(List.of(extra));
        return children.start("run", cmd);
    }

    private int toxics() {
        return proxy.proxy("productcatalog").orElseThrow().toxics().size();
    }

    private void awaitInjection(ChildJvms.Child run) throws Exception {
        ChildJvms.await(() -> toxics() > 0 || !run.alive(), ChildJvms.GENEROUS, () -> "the child injected nothing: " + run.err());
        assertThat(toxics()).as("the child injected (stdout: %s stderr: %s)", run.out(), run.err()).isEqualTo(1);
    }

    @Test
    void sigintTwiceRollsBackJournalsAndExitsFour() throws Exception {
        ChildJvms.Child run = assayRun("--yes");
        awaitInjection(run);
        run.signal("INT");
        Thread.sleep(50);
        run.signal("INT"); // a second Ctrl-C must not skip the rollback
        assertThat(run.exits(ChildJvms.GENEROUS)).as("exits after two SIGINTs (bounded: rollback, then exit)").isTrue();
        assertThat(run.exitValue()).as(run.err()).isEqualTo(4);
        assertThat(toxics()).isZero();
        try (Journal j = Journal.open(journal)) {
            var o = j.outcomes().get(0);
            assertThat(o.abortReason().orElseThrow()).contains("stopped by the operator");
            assertThat(j.transitions(o.experimentId())).extracting(Journal.Transition::state).containsSubsequence("INJECTING", "ROLLBACK", "ABORTED");
            assertThat(j.unfinished()).isEmpty();
        }
    }

    @Test
    void afterSigkillTheFaultExpiresAndTheNextRunMarksTheExperimentInterrupted() throws Exception {
        ChildJvms.Child run = assayRun("--yes");
        awaitInjection(run);
        CheckoutRig.sigkillAndAssertTheFaultEndsWithItsLease(run, proxy, "productcatalog");

        ChildJvms.Child next = assayRun(); // no --yes and stdin closed: recovers, then declines to run anything
        next.closeStdin();
        assertThat(next.exits(ChildJvms.GENEROUS)).isTrue();
        assertThat(next.err()).contains("INTERRUPTED").contains("verified gone");
        try (Journal j = Journal.open(journal)) {
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
        awaitInjection(run);
        long signalled = System.nanoTime();
        run.signal("INT");
        assertThat(run.exits(ChildJvms.GENEROUS)).isTrue();
        assertThat(run.exitValue()).as(run.err()).isEqualTo(4);
        assertThat(Duration.ofNanos(System.nanoTime() - signalled)).as("exit is bounded by design (Signals.EXIT_DEADLINE)")
                .isLessThan(Signals.EXIT_DEADLINE.plus(Signals.ROLLBACK_WAIT).plusSeconds(10));
        assertThat(toxics()).isZero();
        assertThat(run.err()).contains("faults removed in").contains("checked once");
        try (Journal j = Journal.open(journal)) {
            assertThat(j.unfinished()).isEmpty();
            assertThat(j.outcomes().get(0).abortReason().orElseThrow()).contains("stopped by the operator");
        }
    }
}
