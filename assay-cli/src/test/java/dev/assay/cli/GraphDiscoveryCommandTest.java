package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.model.Edge;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import dev.assay.telemetry.OtlpJson;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.OtlpSpans;
import dev.assay.testkit.SpanGenerator;
import dev.assay.testkit.TopologyFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay graph} over discovered graphs: OTLP files, OTLP received live, snapshots and drift. */
class GraphDiscoveryCommandTest {
    static final Topology SOCK = TopologyFixtures.load("sock-shop.topology.json");

    static Path otlpFile(Path dir, String name, Topology t, Map<String, String> versions) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, OtlpJson.print(OtlpSpans.requestOfTraces(SpanGenerator.builder(t).versions(versions).build().traces())) + "\n");
        return f;
    }

    static Topology withoutPayment() {
        List<Service> s = SOCK.services().stream().filter(x -> !x.name().equals("payment")).toList();
        List<Edge> e = SOCK.edges().stream().filter(x -> !x.to().equals("payment")).toList();
        return Topology.withDefaultJourneys("sock-shop", s, e);
    }

    @Test
    void aMeshPrometheusThatIsNotThereIsInputToFixNamingTheMeshAndWhereItIsConfigured(@TempDir Path dir) throws Exception {
        String url = "http://127.0.0.1:" + FreePorts.next();
        Path system = Files.writeString(dir.resolve("assay.yaml"), """
                apiVersion: assay/v1
                kind: System
                metadata: {name: mesh}
                spec:
                  telemetry:
                    - {kind: prometheus, url: "%s", mesh: istio}
                """.formatted(url));
        Cli r = Cli.run("graph", "--system", system.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("mesh istio (istio_requests_total)").contains("cannot reach " + url).contains("assay.yaml:6")
                .doesNotContain("Exception");
    }

    @Test
    void jsonOfADiscoveredGraphAddsPerEdgeFigures(@TempDir Path dir) throws Exception {
        Cli r = Cli.run("graph", "--otlp-file", otlpFile(dir, "t.jsonl", SOCK, Map.of()).toString(), "--format", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.path("edges")).hasSize(SOCK.edges().size());
        JsonNode observed = root.path("observed").path("edges").get(0);
        assertThat(observed.path("calls").asLong()).isPositive();
        assertThat(observed.has("latencyMs")).isTrue();
        assertThat(observed.has("errorRate")).isTrue();
    }

    @Test
    void jsonOfADiscoveredGraphReadsBackAsATopologyWhoseJourneysUseWhatTheyReach(@TempDir Path dir) throws Exception {
        Path system = Files.writeString(dir.resolve("assay.yaml"), """
                apiVersion: assay/v1
                kind: System
                metadata: {name: sock}
                spec:
                  telemetry: [{kind: otlp-file, path: %s}]
                  journeys: [{name: never-seen, entry: front-end, route: "GET /nowhere"}]
                """.formatted(otlpFile(dir, "t.jsonl", SOCK, Map.of())));
        Cli r = Cli.run("graph", "--system", system.toString(), "--format", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path out = Files.writeString(dir.resolve("discovered.topology.json"), r.out());
        Topology back = dev.assay.format.TopologyFormat.read(out);
        assertThat(back.edges()).hasSize(SOCK.edges().size());
        assertThat(back.journeys()).singleElement().satisfies(j -> {
            assertThat(j.name()).isEqualTo("never-seen");
            assertThat(j.uses()).isNotEmpty().containsExactlyInAnyOrderElementsOf(back.reachableFrom("front-end"));
        });
        Cli validate = Cli.run("validate", out.toString());
        assertThat(validate.exitCode()).as(validate.err()).isZero();
    }

    @Test
    void aSnapshotThenADiffNamesTheChangesAndTheStaleIntent(@TempDir Path dir) throws Exception {
        Path snapshot = dir.resolve("before.snapshot.json");
        assertThat(Cli.run("graph", "--otlp-file", otlpFile(dir, "a.jsonl", SOCK, Map.of()).toString(), "--snapshot-out", snapshot.toString()).exitCode()).isZero();
        Path intent = dir.resolve("orders.intent.yaml");
        Files.writeString(intent, """
                apiVersion: assay/v1
                kind: Intent
                metadata: {id: orders-survive-slow-payment}
                spec:
                  targetBehavior: order
                  hypothesis: orders time out payment calls
                  fault: {type: latency, target: payment, magnitude: {delayMs: 500}}
                  expect: [{sli: order.errors.rate, below: 1%}]
                  mechanism: timeout(orders->payment)
                """);

        Cli r = Cli.run("graph", "--otlp-file", otlpFile(dir, "b.jsonl", withoutPayment(), Map.of("carts", "2.0.0")).toString(),
                "--diff", snapshot.toString(), "--intents", intent.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("- service payment", "- edge orders->payment", "~ version carts 1.0.0 -> 2.0.0",
                "stale intent orders-survive-slow-payment: fault target 'payment' was removed; mechanism edge orders->payment was removed");
        assertThat(r.out()).doesNotContain("+ service", "+ edge");
    }

    @Test
    void otlpReceivedForAWhileBecomesTheGraph() throws Exception {
        int port = FreePorts.next();
        byte[] body = OtlpSpans.requestOfTraces(SpanGenerator.builder(SOCK).tracesPerWeight(1).build().traces()).toByteArray();
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + dev.assay.testkit.ChildJvms.GENEROUS.toNanos();
            while (System.nanoTime() < deadline) { // until the listener (up for 5 s once started) takes the spans
                try {
                    int code = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                            .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (code == 200) return;
                } catch (Exception notYetListening) {
                    // retry
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Cli r = Cli.run("graph", "--listen-otlp", "127.0.0.1:" + port, "--for", "5s");
        sender.join();
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> edges = new ArrayList<>();
        SOCK.edges().forEach(e -> edges.add(e.key()));
        assertThat(r.out()).contains(edges.toArray(String[]::new));
    }

    @Test
    void withoutAnySourceTheCommandSaysWhatItNeeds() {
        Cli r = Cli.run("graph");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("--zipkin URL", "--otlp-file FILE");
    }

    @Test
    void aBadListenAddressIsInvalidInput() {
        Cli r = Cli.run("graph", "--listen-otlp", "nowhere", "--for", "1s");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("HOST:PORT");
    }
}
