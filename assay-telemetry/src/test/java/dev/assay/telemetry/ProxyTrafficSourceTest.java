package dev.assay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.assay.testkit.FreePorts;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proxy-observed traffic from Prometheus text with configurable names, served by a loopback HTTP server (the
 * real fault proxy is exercised in {@code RealProxyTest}).
 */
class ProxyTrafficSourceTest {
    private HttpServer server;
    private volatile String metrics = "";

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", ex -> {
            byte[] body = metrics.getBytes(StandardCharsets.UTF_8);
            try (ex) {
                ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    @Test
    void labelledCountersBecomeEdgesWithTheirCounts() {
        metrics = """
                # HELP my_requests_total Requests through the proxy.
                # TYPE my_requests_total counter
                my_requests_total{src="checkout",dst="inventory",proxy="inv"} 120
                my_requests_total{src="checkout",dst="payment",proxy="pay"} 40
                my_errors_total{src="checkout",dst="inventory",proxy="inv"} 6
                other_metric 1
                """;
        LiveGraph graph = LiveGraph.create(Clock.systemUTC());
        ProxyTrafficSource.of(uri(), new ProxyTrafficSource.Names("my_requests_total", "my_errors_total", "proxy", "src", "dst"), java.util.Map.of()).pullInto(graph);
        GraphSnapshot g = graph.snapshot();
        assertThat(g.edges()).extracting(EdgeStats::key).containsExactlyInAnyOrder("checkout->inventory", "checkout->payment");
        EdgeStats inv = g.edge("checkout", "inventory").orElseThrow();
        assertThat(inv.calls()).isEqualTo(120);
        assertThat(inv.errors()).isEqualTo(6);
    }

    @Test
    void trafficFromNoNamedCallerShowsTheCalleeButNoGuessedEdge() {
        metrics = """
                assay_proxy_http_requests_total{proxy="frontend",caller="unknown",callee="frontend"} 50
                assay_proxy_http_requests_total{proxy="frontend",caller="frontend",callee="cart"} 20
                assay_proxy_http_requests_total{proxy="email"} 7
                assay_proxy_http_requests_total{proxy="idle"} 0
                """;
        LiveGraph graph = LiveGraph.create(Clock.systemUTC());
        ProxyTrafficSource.of(uri(), ProxyTrafficSource.Names.DEFAULT, java.util.Map.of()).pullInto(graph);
        GraphSnapshot g = graph.snapshot();
        assertThat(g.edges()).extracting(EdgeStats::key).containsExactly("frontend->cart");
        assertThat(g.services()).extracting(ServiceStats::name).containsExactly("cart", "email", "frontend");
    }

    @Test
    void unreadableLinesAndUnlabelledSamplesAreReportedNotFatal() {
        metrics = """
                assay_proxy_http_requests_total{caller="a",callee="b"} 5
                assay_proxy_http_requests_total{caller="a"} 5
                this is { not prometheus
                """;
        LiveGraph graph = LiveGraph.create(Clock.systemUTC());
        ProxyTrafficSource.of(uri(), ProxyTrafficSource.Names.DEFAULT, java.util.Map.of()).pullInto(graph);
        GraphSnapshot g = graph.snapshot();
        assertThat(g.edges()).extracting(EdgeStats::key).containsExactly("a->b");
        assertThat(g.malformedReasons()).anySatisfy(r -> assertThat(r).contains("1 unreadable lines, 1 samples with neither"));
    }

    @Test
    void anUnreachableProxyIsReported() {
        URI nobody = URI.create("http://127.0.0.1:" + FreePorts.next() + "/metrics");
        assertThatThrownBy(() -> ProxyTrafficSource.of(nobody, ProxyTrafficSource.Names.DEFAULT, java.util.Map.of()).pullInto(LiveGraph.create(Clock.systemUTC())))
                .isInstanceOf(TelemetryUnavailableException.class);
    }
}
