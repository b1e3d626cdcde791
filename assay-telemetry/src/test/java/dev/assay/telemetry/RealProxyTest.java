package dev.assay.telemetry;

import dev.assay.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.assay.model.SliDefinition;
import dev.assay.proxy.FaultProxy;
import dev.assay.proxy.ProxySpec;
import dev.assay.spi.Reading;
import dev.assay.testkit.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proxy-observed traffic and proxy SLIs from Assay's real fault proxy. Its HTTP mode (request/error counters
 * per route, the source's default names) is not on main yet, so this reads TCP-mode counters through
 * configured names: connections as calls, upstream connect failures as errors.
 */
class RealProxyTest {
    static final ProxyTrafficSource.Names TCP = new ProxyTrafficSource.Names("assay_proxy_connections_total",
            "assay_proxy_upstream_errors_total", "proxy", "caller", "callee");
    private HttpServer upstream;
    private FaultProxy proxy;
    private String inventory;
    private String payment;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ex -> {
            try (ex) {
                ex.sendResponseHeaders(200, -1);
            }
        });
        upstream.start();
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        inventory = proxy.createProxy(ProxySpec.tcp("inventory", "127.0.0.1:0", "127.0.0.1:" + upstream.getAddress().getPort())).spec().listen();
        payment = proxy.createProxy(ProxySpec.tcp("payment", "127.0.0.1:0", "127.0.0.1:" + FreePorts.next())).spec().listen();
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    private URI metrics() {
        return URI.create("http://127.0.0.1:" + proxy.apiAddress().getPort() + "/metrics");
    }

    /** One HTTP/1.0 exchange over its own connection; the answer (or the proxy closing on us) is read to the end. */
    private static void call(String hostPort) throws IOException {
        String[] hp = hostPort.split(":");
        try (Socket s = new Socket(hp[0], Integer.parseInt(hp[1]))) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readAllBytes();
        } catch (IOException closedByProxy) {
            // a dead upstream: the proxy drops the connection, which is the point
        }
    }

    private void awaitMetric(String line) throws InterruptedException {
        dev.assay.testkit.ChildJvms.await(() -> proxy.metrics().contains(line), dev.assay.testkit.ChildJvms.GENEROUS,
                () -> "the proxy never counted " + line + ":\n" + proxy.metrics());
    }

    @Test
    void trafficThroughEachProxyBecomesTheEdgeItSitsOn() throws Exception {
        for (int i = 0; i < 7; i++) call(inventory);
        for (int i = 0; i < 3; i++) call(payment);
        awaitMetric("assay_proxy_upstream_errors_total{proxy=\"payment\"} 3");
        LiveGraph graph = LiveGraph.create(Clock.systemUTC());
        ProxyTrafficSource.of(metrics(), TCP, Map.of("inventory", "checkout->inventory", "payment", "checkout->payment")).pullInto(graph);
        GraphSnapshot g = graph.snapshot();
        assertThat(g.edge("checkout", "inventory").orElseThrow()).satisfies(e -> {
            assertThat(e.calls()).isEqualTo(7);
            assertThat(e.errors()).isZero();
        });
        assertThat(g.edge("checkout", "payment").orElseThrow()).satisfies(e -> {
            assertThat(e.calls()).isEqualTo(3);
            assertThat(e.errors()).isEqualTo(3);
        });
    }

    @Test
    void theProxysCountersGiveAnErrorRatioOverAWindowOnceItHasHistory() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        SliDefinition sli = new SliDefinition("inventory.errors.rate", SliDefinition.Source.PROXY, "inventory", SliDefinition.Kind.ERROR_RATIO);
        ProxySliSource source = ProxySliSource.create(metrics(), TCP, List.of(sli), clock);
        for (int i = 0; i < 5; i++) call(inventory);
        awaitMetric("assay_proxy_connections_total{proxy=\"inventory\"} 5");
        assertThat(source.read("inventory.errors.rate", Duration.ofSeconds(30))).isInstanceOf(Reading.Unknown.class);

        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 6; i++) call(inventory);
        upstream.stop(0); // inventory's upstream dies: the next 2 connections fail
        for (int i = 0; i < 2; i++) call(inventory);
        awaitMetric("assay_proxy_upstream_errors_total{proxy=\"inventory\"} 2");

        Reading r = source.read("inventory.errors.rate", Duration.ofSeconds(30));
        assertThat(r).isInstanceOfSatisfying(Reading.Known.class, k -> {
            assertThat(k.value()).isCloseTo(0.25, Offset.offset(1e-9));
            assertThat(k.samples()).isEqualTo(8);
        });
    }

    @Test
    void aProxyThatIsGoneReadsUnknown() {
        SliDefinition sli = new SliDefinition("x", SliDefinition.Source.PROXY, "inventory", SliDefinition.Kind.ERROR_RATIO);
        ProxySliSource source = ProxySliSource.create(metrics(), TCP, List.of(sli), Clock.systemUTC());
        proxy.close();
        assertThat(source.read("x", Duration.ofSeconds(5))).isInstanceOf(Reading.Unknown.class);
    }
}
