package dev.assay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.assay.model.SliDefinition;
import dev.assay.proxy.FaultProxy;
import dev.assay.proxy.ProxySpec;
import dev.assay.spi.Reading;
import dev.assay.testkit.FreePorts;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Latency-percentile SLIs read from the real fault proxy's histogram history (HTTP mode, on loopback). */
class ProxyLatencySliTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpServer upstream;
    private FaultProxy proxy;
    private String web;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/", ex -> {
            try (ex) {
                if (ex.getRequestURI().getPath().startsWith("/slow")) Thread.sleep(400);
                ex.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        upstream.start();
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        web = proxy.createProxy(new ProxySpec("web", "127.0.0.1:0", "127.0.0.1:" + upstream.getAddress().getPort(), true, ProxySpec.Mode.HTTP))
                .spec().listen();
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    private ProxySliSource source(URI metrics) {
        return ProxySliSource.create(metrics, ProxyTrafficSource.Names.DEFAULT, List.of(
                SliDefinition.proxyLatency("web.latency.p50", "web", 0.50),
                SliDefinition.proxyLatency("web.latency.p99", "web", 0.99),
                new SliDefinition("web.errors.rate", SliDefinition.Source.PROXY, "web", SliDefinition.Kind.ERROR_RATIO)), Clock.systemUTC());
    }

    private URI metrics() {
        return URI.create("http://127.0.0.1:" + proxy.apiAddress().getPort() + "/metrics");
    }

    /** The proxy's histogram bounds in ms (ProxyMetrics.BUCKETS). */
    private static final double[] BOUNDS_MS = {0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
    private final List<Double> clientMs = new java.util.ArrayList<>();

    private void get(String path, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            HTTP.send(HttpRequest.newBuilder(URI.create("http://" + web + path)).build(), HttpResponse.BodyHandlers.discarding());
            clientMs.add((System.nanoTime() - t0) / 1e6);
        }
    }

    /** The upper bound of the histogram bucket holding {@code ms}: what a percentile there can read at most. */
    private static double bucketAbove(double ms) {
        for (double b : BOUNDS_MS) if (ms <= b) return b;
        return Double.POSITIVE_INFINITY;
    }

    /** Waits (generously) until the proxy's history counts {@code n} requests, then reads {@code sli}. */
    private Reading readOnce(ProxySliSource source, String sli, long n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Reading r = source.read(sli, Duration.ofMinutes(5));
        while (!(r instanceof Reading.Known k && k.samples() >= n) && System.nanoTime() < end) {
            Thread.sleep(50);
            r = source.read(sli, Duration.ofMinutes(5));
        }
        return r;
    }

    @Test
    void p50AndP99AreReadFromTheProxysHistogramOfWhatItForwarded() throws Exception {
        get("/fast", 18);
        get("/slow", 2);
        ProxySliSource source = source(metrics());
        Reading p99 = readOnce(source, "web.latency.p99", 20);
        Reading p50 = readOnce(source, "web.latency.p50", 20);
        // the proxy saw each call take at least the upstream's time and at most what the client waited (bounds under load)
        List<Double> sorted = clientMs.stream().sorted().toList();
        assertThat(p99).isInstanceOfSatisfying(Reading.Known.class, k -> {
            assertThat(k.samples()).isEqualTo(20);
            // the two slow calls took >= 400 ms: their bucket starts at 250 ms or above; p99 interpolates inside it
            assertThat(k.value()).isBetween(250.0, bucketAbove(sorted.get(19)));
        });
        // the median call is a fast one: p50 reads inside the bucket of the client's median, far below the slow calls
        assertThat(p50).isInstanceOfSatisfying(Reading.Known.class, k -> assertThat(k.value()).isLessThanOrEqualTo(bucketAbove(sorted.get(10)))
                .isLessThan(((Reading.Known) p99).value()));
        assertThat(source.read("web.errors.rate", Duration.ofMinutes(5))).isInstanceOfSatisfying(Reading.Known.class,
                k -> assertThat(k.value()).isZero());
    }

    @Test
    void aProxyWithoutTrafficHasNoLatencyAndSaysSo() {
        assertThat(source(metrics()).read("web.latency.p99", Duration.ofMinutes(5))).isInstanceOfSatisfying(Reading.Unknown.class,
                u -> assertThat(u.reason()).contains("no request", "web"));
    }

    @Test
    void anUnreachableProxyHasNoLatencyAndSaysWhere() {
        URI nowhere = URI.create("http://127.0.0.1:" + FreePorts.next() + "/metrics");
        assertThat(source(nowhere).read("web.latency.p99", Duration.ofMinutes(5))).isInstanceOfSatisfying(Reading.Unknown.class,
                u -> assertThat(u.reason()).contains("cannot reach"));
    }
}
