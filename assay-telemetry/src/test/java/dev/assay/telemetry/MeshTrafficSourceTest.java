package dev.assay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.assay.format.SystemFormat;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.PrometheusServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Edges from a service mesh's request metrics through a <em>real</em> Prometheus (Debian's) scraping a loopback
 * exporter that serves Istio- or Linkerd-format counters ({@link MeshExporter}: no real mesh can run on these
 * machines, so the sidecars are stood in for; Prometheus, PromQL and the HTTP API are real).
 */
class MeshTrafficSourceTest {
    static final Duration WINDOW = Duration.ofSeconds(8);
    static final MeshTrafficSource.WorkloadNames SHOP = w -> Optional.ofNullable(
            Map.of(new MeshTrafficSource.Workload("shop", "frontend-v1"), "frontend", new MeshTrafficSource.Workload("shop", "cart-v2"), "cart").get(w));

    static MeshExporter istio;
    static MeshExporter linkerd;
    static PrometheusServer istioPrometheus;
    static PrometheusServer linkerdPrometheus;

    @BeforeAll
    static void scrape() throws Exception {
        assumeThat(PrometheusServer.available()).as("Debian's prometheus package").isTrue();
        istio = new MeshExporter(MeshExporter.ISTIO);
        linkerd = new MeshExporter(MeshExporter.LINKERD);
        istioPrometheus = PrometheusServer.start(istio.target(), Duration.ofSeconds(1));
        linkerdPrometheus = PrometheusServer.start(linkerd.target(), Duration.ofSeconds(1));
        Instant deadline = Instant.now().plusSeconds(120); // loaded CI machines: wait on the condition, generously
        while ((istio.scrapes() < 12 || linkerd.scrapes() < 12) && Instant.now().isBefore(deadline)) Thread.sleep(200);
        assertThat(istio.scrapes()).as("scrapes within 120 s").isGreaterThanOrEqualTo(12);
        assertThat(linkerd.scrapes()).as("scrapes within 120 s").isGreaterThanOrEqualTo(12);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {istioPrometheus, linkerdPrometheus, istio, linkerd}) {
            try {
                if (c != null) c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private static GraphSnapshot pull(PrometheusServer prometheus, ServiceMesh mesh, MeshTrafficSource.WorkloadNames names) {
        LiveGraph graph = LiveGraph.create(Clock.systemUTC());
        MeshTrafficSource.of(prometheus.baseUri(), mesh, WINDOW, Clock.systemUTC(), names).pullInto(graph);
        return graph.snapshot();
    }

    private static EdgeStats edge(GraphSnapshot s, String key) {
        return s.edges().stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError(key + " not in " + s.edges()));
    }

    @Test
    void istioEdgesCarryRatesAndErrorSharesUnderTheClustersServiceNames() {
        GraphSnapshot s = pull(istioPrometheus, ServiceMesh.ISTIO, SHOP);
        assertThat(s.edges()).extracting(EdgeStats::key).containsExactlyInAnyOrder("frontend->cart", "cart->redis");
        EdgeStats checkout = edge(s, "frontend->cart");
        EdgeStats cache = edge(s, "cart->redis");
        assertThat(checkout.errorRate()).as("2 of 20 are 503").isCloseTo(0.10, Offset.offset(0.002));
        assertThat(checkout.callsPerRequest()).as("20 calls per 10 requests frontend received").isCloseTo(2.0, Offset.offset(0.011));
        assertThat(cache.callsPerRequest()).as("11 per 20 requests cart received").isCloseTo(0.55, Offset.offset(0.011));
        assertThat(cache.errors()).isZero();
        // each request counted once although both sidecars report it: 20 vs 11 per scrape
        assertThat(checkout.callsPerSecond() / cache.callsPerSecond()).isCloseTo(20.0 / 11, Offset.offset(1e-6));
        assertThat(checkout.callsPerSecond()).as("increase over the window / the window").isCloseTo(checkout.calls() / 8.0, Offset.offset(0.07));
        assertThat(checkout.latency()).isEqualTo(EdgeStats.Latency.NONE);
        assertThat(s.services()).extracting(ServiceStats::name).containsExactlyInAnyOrder("frontend", "cart", "redis");
        assertThat(s.malformedReasons()).anySatisfy(r -> assertThat(r).contains("outside the mesh").contains("frontend"));
    }

    @Test
    void withoutClusterNamesWorkloadsKeepTheMeshsNames() {
        GraphSnapshot s = pull(istioPrometheus, ServiceMesh.ISTIO, MeshTrafficSource.WorkloadNames.AS_IS);
        assertThat(s.edges()).extracting(EdgeStats::key).containsExactlyInAnyOrder("frontend-v1->cart-v2", "cart-v2->redis");
    }

    @Test
    void linkerdEdgesCarryRatesErrorSharesAndCallsPerRequest() {
        GraphSnapshot s = pull(linkerdPrometheus, ServiceMesh.LINKERD, MeshTrafficSource.WorkloadNames.AS_IS);
        assertThat(s.edges()).extracting(EdgeStats::key).containsExactlyInAnyOrder("web->emoji", "web->voting");
        EdgeStats emoji = edge(s, "web->emoji");
        EdgeStats voting = edge(s, "web->voting");
        assertThat(emoji.errorRate()).as("5 of 50 classified failure").isCloseTo(0.10, Offset.offset(0.002));
        assertThat(voting.errors()).isZero();
        assertThat(emoji.callsPerRequest()).as("50 per 25 inbound").isCloseTo(2.0, Offset.offset(0.011));
        assertThat(voting.callsPerRequest()).isCloseTo(1.2, Offset.offset(0.011));
        assertThat(emoji.callsPerSecond() / voting.callsPerSecond()).isCloseTo(50.0 / 30, Offset.offset(1e-6));
    }

    @Test
    void meshEdgesMergeWithTracedEdgesAndTracesKeepTheirFigures() {
        GraphDiscovery d = GraphDiscovery.create(Clock.systemUTC()).lookback(WINDOW, 1000).workloadNames(SHOP)
                .mesh(istioPrometheus.baseUri(), ServiceMesh.ISTIO) // listed first: still pulled after the traces
                .source(new TraceSource() {
                    @Override
                    public String kind() {
                        return "test-traces";
                    }

                    @Override
                    public SourceReport pullInto(LiveGraph graph) {
                        long t = System.currentTimeMillis() * 1_000_000L;
                        graph.ingest(List.of(
                                span("s1", "", "frontend", SpanRecord.Kind.SERVER, t, t + 9_000_000),
                                span("s2", "s1", "frontend", SpanRecord.Kind.CLIENT, t + 1_000_000, t + 6_000_000),
                                span("s3", "s2", "cart", SpanRecord.Kind.SERVER, t + 2_000_000, t + 5_000_000)));
                        return new SourceReport("test", 1, 3, 0);
                    }
                });
        GraphSnapshot s = d.run().snapshot();
        assertThat(s.edges()).extracting(EdgeStats::key).containsExactlyInAnyOrder("frontend->cart", "cart->redis");
        assertThat(edge(s, "frontend->cart").calls()).as("the trace's one call, not the mesh's hundreds").isEqualTo(1);
        assertThat(edge(s, "frontend->cart").latency().p50Ms()).isPositive();
        assertThat(edge(s, "cart->redis").calls()).as("only the mesh shows it").isGreaterThan(50);
    }

    @Test
    void aSystemFilesPrometheusEntryWithMeshReadsEdges() {
        var system = SystemFormat.parse("assay.yaml", """
                apiVersion: assay/v1
                kind: System
                metadata: {name: emojivoto}
                spec:
                  telemetry:
                    - {kind: prometheus, url: "%s", mesh: linkerd}
                """.formatted(linkerdPrometheus.baseUri()));
        GraphSnapshot s = GraphDiscovery.create(Clock.systemUTC()).lookback(WINDOW, 1000).system(system, Optional.empty()).run().snapshot();
        assertThat(s.edges()).extracting(EdgeStats::key).containsExactlyInAnyOrder("web->emoji", "web->voting");
    }

    @Test
    void aMetricThePrometheusDoesNotHaveSaysWhichMetricAndWhichMesh() {
        assertThatThrownBy(() -> pull(istioPrometheus, ServiceMesh.LINKERD, MeshTrafficSource.WorkloadNames.AS_IS))
                .isInstanceOf(TelemetryUnavailableException.class)
                .hasMessageContaining("mesh linkerd").hasMessageContaining("no series response_total").hasMessageContaining(istioPrometheus.baseUri().toString());
        assertThatThrownBy(() -> pull(linkerdPrometheus, ServiceMesh.ISTIO, MeshTrafficSource.WorkloadNames.AS_IS))
                .isInstanceOf(TelemetryUnavailableException.class)
                .hasMessageContaining("mesh istio").hasMessageContaining("no series istio_requests_total");
    }

    @Test
    void anUnreachablePrometheusIsAClearError() {
        URI nobody = URI.create("http://127.0.0.1:" + FreePorts.next());
        LiveGraph graph = LiveGraph.create(Clock.systemUTC());
        assertThatThrownBy(() -> MeshTrafficSource.of(nobody, ServiceMesh.ISTIO, WINDOW, Clock.systemUTC(), MeshTrafficSource.WorkloadNames.AS_IS)
                .pullInto(graph))
                .isInstanceOfSatisfying(TelemetryUnavailableException.class, e -> assertThat(e.url()).hasValue(nobody.toString()))
                .hasMessageContaining("mesh istio (istio_requests_total)").hasMessageContaining("cannot reach").hasMessageContaining(nobody.getAuthority());
    }

    private static SpanRecord span(String id, String parent, String service, SpanRecord.Kind kind, long start, long end) {
        return new SpanRecord("t1", id, parent, service, "", kind, "GET /checkout", start, end, false, "", "", "", "", "");
    }
}
