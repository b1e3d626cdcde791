package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.journal.Journal;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.ChildJvms;
import dev.assay.testkit.PrometheusServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code assay serve} as a real child process, against a real HTTP service behind the real fault proxy, with a real
 * Prometheus for the error budget; the CLI drives it with {@code --server}. SIGTERM rolls the running experiment back
 * and exits 4; SIGKILL leaves the fault to its 3 s lease.
 */
class ServeSignalsTest {
    @TempDir
    Path dir;

    CheckoutRig rig;
    int apiPort;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(PrometheusServer.available(), "prometheus is not installed");
        rig = CheckoutRig.start(dir);
        apiPort = FreePorts.next();
    }

    @AfterEach
    void stop() {
        if (rig != null) rig.close();
    }

    private String server() {
        return "http://127.0.0.1:" + apiPort;
    }

    private ChildJvms.Child serve() throws Exception {
        ChildJvms.Child p = rig.children().start("serve", rig.args("serve", "--listen", "127.0.0.1:" + apiPort));
        ChildJvms.await(() -> answers() || !p.alive(), ChildJvms.GENEROUS, () -> "assay serve did not answer: " + p.err());
        if (!p.alive()) throw new AssertionError("assay serve exited: " + p.err());
        return p;
    }

    private boolean answers() {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server() + "/api/freeze")).build(), HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Assay.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theCliActsThroughTheServerAndSigtermRollsTheRunningExperimentBack() throws Exception {
        ChildJvms.Child serve = serve();
        Run frozen = cli("freeze", "--server", server(), "--reason", "release of payment 2.3");
        assertThat(frozen.code()).as(frozen.err()).isZero();
        Run refused = cli("run", "--server", server());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("HTTP 409").contains("release of payment 2.3").contains("unfreeze");
        assertThat(cli("unfreeze", "--server", server()).out()).contains("unfrozen");
        Run plan = cli("plan", "--server", server());
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("checkout-tolerates-slow-catalog");
        assertThat(cli("run", "--server", server(), "--intent", "no-such").err()).contains("HTTP 400").contains("no intent 'no-such'");

        Run started = cli("run", "--server", server(), "--intent", "checkout-tolerates-slow-catalog");
        assertThat(started.code()).as(started.err()).isZero();
        assertThat(started.out()).contains("started checkout-tolerates-slow-catalog");
        rig.awaitInjection(serve);

        serve.signal("TERM");
        assertThat(serve.exits(ChildJvms.GENEROUS)).as("exits after SIGTERM (bounded)").isTrue();
        assertThat(serve.exitValue()).as(serve.err()).isEqualTo(4);
        assertThat(rig.toxics()).isZero();
        try (Journal j = Journal.open(rig.journal())) {
            assertThat(j.unfinished()).isEmpty();
            assertThat(j.outcomes().get(0).abortReason().orElseThrow()).contains("stopped by the operator");
            assertThat(j.decisions()).extracting(Journal.Decision::action).contains("FROZEN", "UNFROZEN", "RAN");
        }
        Run report = cli("report", "--journal", rig.journal().toString());
        assertThat(report.out()).contains("decisions (assay serve").contains("release of payment 2.3");
    }

    @Test
    void aSigkilledServerLeavesNothingPastTheLease() throws Exception {
        ChildJvms.Child serve = serve();
        assertThat(cli("run", "--server", server()).code()).isZero();
        rig.awaitInjection(serve);
        Run report = cli("report", "--server", server(), "--format", "json");
        assertThat(report.code()).as(report.err()).isZero();
        rig.sigkillAndAssertTheFaultEndsWithItsLease(serve);
        try (Journal j = Journal.open(rig.journal())) {
            assertThat(j.unfinished()).as("the next run or serve marks it INTERRUPTED").hasSize(1);
        }
    }
}
