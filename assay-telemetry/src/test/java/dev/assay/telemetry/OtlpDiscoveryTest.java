package dev.assay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Topology;
import dev.assay.testkit.GeneratedSpan;
import dev.assay.testkit.OtlpSpans;
import dev.assay.testkit.SpanGenerator;
import dev.assay.testkit.TopologyFixtures;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The graph discovered from generated spans of the example topologies equals the topology file. */
class OtlpDiscoveryTest {
    private final HttpClient http = HttpClient.newHttpClient();

    static List<List<GeneratedSpan>> traces(Topology t) {
        return SpanGenerator.builder(t).seed(7).errorRate(0.02).tracesPerWeight(4).build().traces();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sock-shop.topology.json", "online-boutique.topology.json"})
    void graphFromOtlpProtobufOverHttpEqualsTheTopologyFile(String file) throws Exception {
        Topology expected = TopologyFixtures.load(file);
        LiveGraph graph = LiveGraph.create(Clock.systemUTC());
        try (OtlpReceiver receiver = OtlpReceiver.start(new InetSocketAddress("127.0.0.1", 0), graph)) {
            List<List<GeneratedSpan>> traces = traces(expected);
            for (int i = 0; i < traces.size(); i += 20) {
                byte[] body = OtlpSpans.requestOfTraces(traces.subList(i, Math.min(traces.size(), i + 20))).toByteArray();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces"))
                        .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
            }
        }
        graph.flush();
        assertThat(Canonical.of(graph.snapshot().toTopology(expected.name(), expected.journeys()))).isEqualTo(Canonical.of(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sock-shop.topology.json", "online-boutique.topology.json"})
    void graphFromOtlpJsonOverHttpEqualsTheTopologyFile(String file) throws Exception {
        Topology expected = TopologyFixtures.load(file);
        LiveGraph graph = LiveGraph.create(Clock.systemUTC());
        try (OtlpReceiver receiver = OtlpReceiver.start(new InetSocketAddress("127.0.0.1", 0), graph)) {
            String body = OtlpJson.print(OtlpSpans.requestOfTraces(traces(expected)));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        graph.flush();
        assertThat(Canonical.of(graph.snapshot().toTopology(expected.name(), expected.journeys()))).isEqualTo(Canonical.of(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sock-shop.topology.json", "online-boutique.topology.json"})
    void graphFromAnOtlpJsonLinesFileEqualsTheTopologyFile(String file, @TempDir Path dir) {
        Topology expected = TopologyFixtures.load(file);
        List<List<GeneratedSpan>> traces = traces(expected);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < traces.size(); i += 25) {
            lines.append(OtlpJson.print(OtlpSpans.requestOfTraces(traces.subList(i, Math.min(traces.size(), i + 25))))).append('\n');
        }
        Path otlp = dir.resolve("traces.jsonl");
        writeString(otlp, lines.toString());
        LiveGraph graph = LiveGraph.create(Clock.systemUTC());
        TraceSource.SourceReport report = TraceSource.otlpFile(otlp).pullInto(graph);
        assertThat(report.spans()).isEqualTo(traces.stream().mapToLong(List::size).sum());
        assertThat(Canonical.of(graph.snapshot().toTopology(expected.name(), expected.journeys()))).isEqualTo(Canonical.of(expected));
    }

    static void writeString(Path p, String s) {
        try {
            Files.writeString(p, s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
