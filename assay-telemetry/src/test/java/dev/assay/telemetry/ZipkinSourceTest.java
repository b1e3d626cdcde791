package dev.assay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.model.Topology;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.GeneratedSpan;
import dev.assay.testkit.SpanGenerator;
import dev.assay.testkit.TopologyFixtures;
import dev.assay.testkit.ZipkinServer;
import dev.assay.testkit.ZipkinSpans;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spans posted to a real Zipkin server come back through Assay's Zipkin source as the topology they came from. */
class ZipkinSourceTest {
    static ZipkinServer zipkin;

    @BeforeAll
    static void startZipkin() {
        zipkin = ZipkinServer.start();
    }

    @AfterAll
    static void stopZipkin() {
        if (zipkin != null) zipkin.close();
    }

    @Test
    void graphFromARealZipkinEqualsBothExampleTopologies() {
        // One Zipkin holds both topologies (they share the service "shipping"), hours apart: each is read back
        // through a clock at its own time with a 30-minute lookback, so the graphs do not mix.
        Instant now = Instant.now();
        Topology sock = TopologyFixtures.load("sock-shop.topology.json");
        Topology boutique = TopologyFixtures.load("online-boutique.topology.json");
        Instant sockTime = now.minus(Duration.ofHours(3));
        Instant boutiqueTime = now.minus(Duration.ofMinutes(10));
        post(sock, 3, sockTime);
        post(boutique, 4, boutiqueTime);

        for (var c : List.of(java.util.Map.entry(sock, sockTime), java.util.Map.entry(boutique, boutiqueTime))) {
            Clock at = Clock.fixed(c.getValue().plus(Duration.ofMinutes(10)), java.time.ZoneOffset.UTC);
            LiveGraph graph = LiveGraph.create(at);
            TraceSource.SourceReport report = TraceSource.zipkin(zipkin.baseUri(), Duration.ofMinutes(30), 1000, at).pullInto(graph);
            assertThat(report.traces()).isPositive();
            Topology t = c.getKey();
            assertThat(Canonical.of(graph.snapshot().toTopology(t.name(), t.journeys()))).isEqualTo(Canonical.of(t));
        }
    }

    private static void post(Topology t, long seed, Instant start) {
        List<List<GeneratedSpan>> traces = SpanGenerator.builder(t).seed(seed).errorRate(0.02).tracesPerWeight(3)
                .start(start).build().traces();
        for (int i = 0; i < traces.size(); i += 25) {
            List<GeneratedSpan> batch = traces.subList(i, Math.min(traces.size(), i + 25)).stream().flatMap(List::stream).toList();
            assertThat(zipkin.post(ZipkinSpans.json(batch))).isEqualTo(202);
        }
    }

    @Test
    void anUnreachableZipkinIsReportedNotTreatedAsAnEmptyGraph() {
        URI nobody = URI.create("http://127.0.0.1:" + FreePorts.next());
        assertThatThrownBy(() -> TraceSource.zipkin(nobody, Duration.ofHours(1), 10, Clock.systemUTC()).pullInto(LiveGraph.create(Clock.systemUTC())))
                .isInstanceOf(TelemetryUnavailableException.class).hasMessageContaining("cannot reach");
    }
}
