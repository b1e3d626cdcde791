package dev.assay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.assay.model.ServiceKind;
import dev.assay.testkit.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Jaeger source against recorded query-API answers. A stand-in, not a real peer: no Jaeger server can run
 * in this build environment, so a loopback HTTP server replays {@code src/test/resources/jaeger/*.json}.
 */
class JaegerSourceTest {
    private HttpServer server;
    private final List<String> requested = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_600), ZoneOffset.UTC);

    @BeforeEach
    void replay() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (String path : List.of("services", "traces", "dependencies")) {
            server.createContext("/api/" + path, ex -> {
                requested.add(ex.getRequestURI().toString());
                try (ex; InputStream in = getClass().getResourceAsStream("/jaeger/" + path + ".json")) {
                    byte[] body = in.readAllBytes();
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                }
            });
        }
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private GraphSnapshot pull() {
        LiveGraph graph = LiveGraph.create(clock);
        TraceSource.jaeger(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofHours(1), 50, clock).pullInto(graph);
        return graph.snapshot();
    }

    @Test
    void servicesEdgesAndVersionsComeFromJaegerTraces() {
        GraphSnapshot g = pull();
        assertThat(g.service("frontend").orElseThrow().version()).hasValue("2.1.0");
        assertThat(g.service("cart").orElseThrow().version()).hasValue("1.4.0");
        assertThat(g.service("redis-cart").orElseThrow().kind()).isEqualTo(ServiceKind.CACHE);
        EdgeStats redis = g.edge("cart", "redis-cart").orElseThrow();
        assertThat(redis.errors()).isEqualTo(1);
        assertThat(redis.latency().p50Ms()).isCloseTo(1.5, org.assertj.core.data.Percentage.withPercentage(1)); // 2-digit histogram
        assertThat(g.edge("frontend", "cart").orElseThrow().latency().p50Ms()).isCloseTo(9.0, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(g.journeys()).singleElement().satisfies(j -> {
            assertThat(j.entry()).isEqualTo("frontend");
            assertThat(j.route()).isEqualTo("/cart");
            assertThat(j.uses()).containsExactly("cart", "redis-cart");
        });
    }

    @Test
    void aTraceListedUnderTwoServicesIsReadOnce() {
        GraphSnapshot g = pull();
        assertThat(g.counts().traces()).isEqualTo(1);
        assertThat(requested).filteredOn(u -> u.startsWith("/api/traces?service=")).hasSize(2);
    }

    @Test
    void dependencyLinksAddEdgesNoSampledTraceShowed() {
        EdgeStats ad = pull().edge("frontend", "ad").orElseThrow();
        assertThat(ad.calls()).isEqualTo(3);
        assertThat(ad.latency()).isEqualTo(EdgeStats.Latency.NONE);
    }

    @Test
    void aSpanWithoutIdIsCountedAsMalformed() {
        GraphSnapshot g = pull();
        assertThat(g.counts().malformedSpans()).isEqualTo(1);
        assertThat(g.malformedReasons()).anySatisfy(r -> assertThat(r).contains("jaeger span without"));
    }

    @Test
    void anUnreachableJaegerIsReported() {
        URI nobody = URI.create("http://127.0.0.1:" + FreePorts.next());
        assertThatThrownBy(() -> TraceSource.jaeger(nobody, Duration.ofHours(1), 10, clock).pullInto(LiveGraph.create(clock)))
                .isInstanceOf(TelemetryUnavailableException.class);
    }
}
