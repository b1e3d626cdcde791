package dev.assay.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import dev.assay.telemetry.LiveGraph;
import dev.assay.telemetry.OtlpReceiver;
import dev.assay.testkit.OtlpSpans;
import dev.assay.testkit.SpanGenerator;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Services from the cluster (fabric8's KubernetesMockServer in CRUD mode — no real API server can run here —
 * seeded with Services, a Deployment and pods) merged with edges from real OTLP traces posted to assay-telemetry's
 * OTLP receiver on loopback.
 */
class ClusterDiscoveryTest {
    @Test
    void servicesComeFromTheClusterAndEdgesFromOtlpTraces() throws Exception {
        try (MockCluster cluster = MockCluster.start(0).seeded()) {
            List<ServiceRef> services = cluster.services().list();
            assertThat(services).extracting(ServiceRef::name).containsExactly("checkout", "payments", "worker", "billing");
            assertThat(services).filteredOn(r -> r.name().equals("billing")).singleElement()
                    .satisfies(r -> assertThat(r.namespace()).isEqualTo("ops"));

            Topology shop = new Topology("traffic", List.of(Service.of("checkout"), Service.of("payments"), Service.of("billing")),
                    List.of(new Edge("checkout", "payments", true, 1.0, Optional.empty()), new Edge("payments", "billing", true, 1.0, Optional.empty())),
                    List.of(new Journey("buy", "checkout", Optional.of("POST /buy"), 1.0, List.of("payments", "billing"))));
            LiveGraph graph = LiveGraph.create(Clock.systemUTC(), Duration.ZERO, 10_000);
            try (OtlpReceiver receiver = OtlpReceiver.start(new InetSocketAddress("127.0.0.1", 0), graph)) {
                byte[] body = OtlpSpans.requestOfTraces(SpanGenerator.builder(shop).seed(7).tracesPerWeight(20).build().traces()).toByteArray();
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces"))
                        .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
            }
            graph.flush();

            ClusterDiscovery.Result result = ClusterDiscovery.merge("shop", services, graph.snapshot(), List.of());
            assertThat(result.topology().services()).extracting(Service::name).containsExactlyInAnyOrder("checkout", "payments", "billing", "worker");
            assertThat(result.topology().edges()).extracting(Edge::key).containsExactlyInAnyOrder("checkout->payments", "payments->billing");
            assertThat(result.clusterOnly()).containsExactly("worker");
            assertThat(result.tracesOnly()).isEmpty();
            assertThat(result.namespaces()).containsEntry("billing", "ops").containsEntry("checkout", "shop");
        }
    }
}
