package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.assay.journal.Journal;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.ChildJvms;
import dev.assay.testkit.PrometheusServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code assay run} as a real child process against the fault proxy as a real child process ({@code assay proxy}),
 * a real loopback HTTP service behind it and a real Prometheus scraping the proxy: the system file's exclusion
 * zones bind the run, and a removal that fails because the proxy was killed is reported as unconfirmed (exit 4)
 * and verified by the next run.
 */
class RunSafetyTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration LONG = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    HttpServer upstream;
    PrometheusServer prometheus;
    ChildJvms.Child proxy;
    int api;
    int listen;
    Path journal;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ChildJvms children;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(PrometheusServer.available(), "prometheus is not installed");
        upstream = CheckoutRig.okUpstream();
        children = ChildJvms.of(dir, Assay.class);
        api = FreePorts.next();
        listen = FreePorts.next();
        Files.writeString(dir.resolve("proxies.json"), """
                [{"name": "productcatalog", "listen": "127.0.0.1:%d", "upstream": "127.0.0.1:%d", "mode": "http"}]
                """.formatted(listen, upstream.getAddress().getPort()));
        proxy = startProxy();
        prometheus = PrometheusServer.start("127.0.0.1:" + api, Duration.ofMillis(500));
        journal = dir.resolve("journal.db");
        warmUp();
    }

    @AfterEach
    void stop() {
        if (children != null) children.close();
        if (prometheus != null) prometheus.close();
        if (upstream != null) upstream.stop(0);
    }

    private ChildJvms.Child startProxy() throws Exception {
        ChildJvms.Child p = children.start("proxy", List.of("proxy", "--api-listen", "127.0.0.1:" + api, "--config", dir.resolve("proxies.json").toString()));
        ChildJvms.await(() -> proxyAnswers() || !p.alive(), LONG, () -> "assay proxy did not start: " + p.out() + p.err());
        if (!p.alive()) throw new IllegalStateException("assay proxy exited: " + p.out() + p.err());
        return p;
    }

    private boolean proxyAnswers() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/proxies")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (java.io.IOException notYet) {
            return false; // still starting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void warmUp() throws Exception {
        CheckoutRig.warmUp(prometheus, listen, LONG);
    }

    private Path system(String safety) throws Exception {
        Path f = dir.resolve("assay.yaml");
        Files.writeString(f, CheckoutRig.systemYaml(prometheus.baseUri(), api, safety));
        return f;
    }

    private ChildJvms.Child assayRun(Path system, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("run",
                "--system", system.toString(), "--topology", ROOT.resolve("examples/topologies/online-boutique.topology.json").toString(),
                "--intents", Path.of(getClass().getResource("run/checkout-tolerates-slow-catalog.intent.yaml").toURI()).toString(),
                "--journal", journal.toString(), "--probe", "checkout=http://127.0.0.1:" + listen + "/", "--probe-rate", "100",
                "--baseline", "1s", "--lease-ttl", "2s", "--guard-period", "100ms"));
        cmd.addAll(List.of(extra));
        return children.start("run", cmd);
    }

    /** The toxics on the proxy, asked through its API; -1 when the proxy does not answer. */
    private int toxics() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/proxies/productcatalog/toxics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode a = JSON.readTree(r.body());
            return a.isArray() ? a.size() : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void aServiceExcludedInTheSystemFileIsNeverInjected() throws Exception {
        Path system = system("  safety: {exclusionZones: [productcatalog], budgetFraction: 0.005}\n");
        ChildJvms.Child run = assayRun(system, "--yes", "--level-duration", "5s");
        AtomicInteger seen = new AtomicInteger();
        ChildJvms.await(() -> {
            seen.accumulateAndGet(toxics(), Math::max);
            return !run.alive();
        }, LONG, () -> "the run did not end: " + run.err());
        assertThat(run.exits(LONG)).isTrue();
        assertThat(seen.get()).as("no toxic was ever on the proxy").isZero();
        assertThat(run.err()).contains("safety: exclusionZones [productcatalog] from assay.yaml")
                .contains("safety: budgetFraction 0.005 from assay.yaml (stricter than the intent's 0.01)");
        assertThat(run.out()).contains("nothing ran").contains("checkout-tolerates-slow-catalog blocked by exclusion-zone: productcatalog is an exclusion zone");
        try (Journal j = Journal.open(journal)) {
            assertThat(j.outcomes()).isEmpty();
            assertThat(j.unfinished()).isEmpty();
        }
        Cli dry = Cli.run("run", "--system", system.toString(), "--topology", ROOT.resolve("examples/topologies/online-boutique.topology.json").toString(),
                "--intents", Path.of(getClass().getResource("run/checkout-tolerates-slow-catalog.intent.yaml").toURI()).toString(), "--dry-run",
                "--journal", dir.resolve("dry.db").toString());
        assertThat(dry.out()).contains("safety: exclusionZones [productcatalog] from assay.yaml").contains("blocked by exclusion-zone")
                .doesNotContain("would run");
    }

    @Test
    void aRemovalThatFailedIsReportedUnconfirmedExitsFourAndTheNextRunVerifiesIt() throws Exception {
        Path system = system("");
        ChildJvms.Child run = assayRun(system, "--yes", "--level-duration", "5s");
        ChildJvms.await(() -> toxics() >= 1 || !run.alive(), LONG, () -> "the run injected nothing: " + run.err());
        assertThat(toxics()).as("the run injected (stderr: %s)", run.err()).isEqualTo(1);
        proxy.kill(); // SIGKILL the proxy mid-fault: the removal cannot reach it
        assertThat(proxy.exits(LONG)).isTrue();

        assertThat(run.exits(LONG)).as("the run ends").isTrue();
        assertThat(run.exitValue()).as(run.err()).isEqualTo(ExitCode.ABORTED);
        assertThat(run.err()).doesNotContain("faults removed in").contains("ROLLBACK NOT CONFIRMED")
                .contains("could not be confirmed").contains("the fault's lease expires at");
        String experiment;
        try (Journal j = Journal.open(journal)) {
            var o = j.outcomes().get(0);
            experiment = o.experimentId();
            assertThat(o.verdict().kind()).isEqualTo("ABORTED");
            assertThat(o.abortLatency()).as("no abort latency: the faults were not seen removed").isEmpty();
            assertThat(o.abortReason().orElseThrow()).contains("could not be confirmed").contains("the fault's lease expires at");
            assertThat(j.transitions(experiment)).anySatisfy(t -> assertThat(t.detail()).startsWith("removal could not be confirmed"));
            assertThat(j.unconfirmedRemovals()).singleElement().satisfies(u -> assertThat(u.openFaults()).hasSize(1));
        }

        proxy = startProxy(); // the proxy is back (its toxics died with it)
        ChildJvms.Child next = assayRun(system); // no --yes and stdin closed: verifies the open fault, then runs nothing
        next.closeStdin();
        assertThat(next.exits(LONG)).isTrue();
        assertThat(next.err()).contains("checked " + experiment).contains("verified gone")
                .contains("stdin is closed and --yes was not given: nothing was run; pass --yes to run 1 experiment");
        assertThat(next.exitValue()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(next.out()).doesNotContain("no runnable intent");
        try (Journal j = Journal.open(journal)) {
            assertThat(j.unconfirmedRemovals()).isEmpty();
        }
    }
}
