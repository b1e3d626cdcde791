package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy's counter history: windowed totals over real traffic, the time it covers, and survival across restarts. */
class CounterHistoryTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static void get(String listen, String path, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://" + listen + path)).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    private static JsonNode history(FaultProxy proxy, String query) throws Exception {
        HttpResponse<String> r = Wire.call(proxy, "GET", "/history?" + query, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ApiJson.MAPPER.readTree(r.body());
    }

    private static long sum(JsonNode h, String field) {
        long n = 0;
        for (JsonNode s : h.get("series")) n += s.get(field).asLong();
        return n;
    }

    @Test
    void aWindowCountsOnlyTheBucketsInsideItAndSaysHowLongItObserved() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        try (HttpUpstream web = new HttpUpstream(); FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").clock(clock).build()) {
            Engine engine = (Engine) proxy;
            String listen = proxy.createProxy(new ProxySpec("web", "127.0.0.1:0", web.address(), true, ProxySpec.Mode.HTTP)).spec().listen();
            proxy.addToxic("web", ToxicSpec.of("http_error", ToxicSpec.Stream.DOWNSTREAM, Map.of("status", 503, "path_prefix", "/bad")));
            get(listen, "/good", 8);
            get(listen, "/bad", 2);
            Wire.awaitMetrics(proxy, "route=\"/bad\",status_class=\"5xx\"} 2");
            clock.advance(Duration.ofMinutes(20));
            engine.sampleHistory();
            clock.advance(Duration.ofMinutes(20));
            get(listen, "/good", 5);
            Wire.awaitMetrics(proxy, "route=\"/good\",status_class=\"2xx\"} 13");
            engine.sampleHistory();

            JsonNode all = history(proxy, "window=1h&proxy=web");
            assertThat(sum(all, "requests")).isEqualTo(15);
            assertThat(sum(all, "errors")).isEqualTo(2);
            assertThat(all.get("coveredSeconds").asDouble()).isEqualTo(2400.0);
            JsonNode recent = history(proxy, "window=10m&proxy=web");
            assertThat(sum(recent, "requests")).isEqualTo(5);
            assertThat(sum(recent, "errors")).isZero();
            assertThat(recent.get("coveredSeconds").asDouble()).isEqualTo(600.0);
            JsonNode bad = null;
            for (JsonNode s : all.get("series")) if (s.get("route").asText().equals("/bad")) bad = s;
            assertThat(bad).isNotNull();
            assertThat(bad.get("caller").asText()).isNotEmpty();
            assertThat(bad.get("callee").asText()).isEqualTo("web");
            assertThat(bad.get("statusClasses").get("5xx").asLong()).isEqualTo(2);
            long inBuckets = 0;
            for (JsonNode b : bad.get("buckets")) inBuckets += b.asLong();
            assertThat(inBuckets).isEqualTo(2);
        }
    }

    @Test
    void countsNotYetSampledAreIncludedUpToNow() throws Exception {
        try (HttpUpstream web = new HttpUpstream(); FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build()) {
            String listen = proxy.createProxy(new ProxySpec("web", "127.0.0.1:0", web.address(), true, ProxySpec.Mode.HTTP)).spec().listen();
            get(listen, "/a", 4);
            Wire.awaitMetrics(proxy, "route=\"/a\",status_class=\"2xx\"} 4");
            assertThat(sum(history(proxy, "window=5m"), "requests")).isEqualTo(4);
        }
    }

    @Test
    void theHistoryFileKeepsCountsAcrossARestartButNotTheTimeTheProxyWasDown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("proxies.history.db");
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        try (HttpUpstream web = new HttpUpstream()) {
            try (FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").clock(clock).historyFile(file).build()) {
                String listen = proxy.createProxy(new ProxySpec("web", "127.0.0.1:0", web.address(), true, ProxySpec.Mode.HTTP)).spec().listen();
                get(listen, "/a", 6);
                Wire.awaitMetrics(proxy, "route=\"/a\",status_class=\"2xx\"} 6");
                clock.advance(Duration.ofMinutes(10));
            } // close stores the last sample
            assertThat(Files.size(file)).isPositive();
            clock.advance(Duration.ofMinutes(30)); // down for 30 minutes
            try (FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").clock(clock).historyFile(file).build()) {
                String listen = proxy.createProxy(new ProxySpec("web", "127.0.0.1:0", web.address(), true, ProxySpec.Mode.HTTP)).spec().listen();
                get(listen, "/a", 3);
                Wire.awaitMetrics(proxy, "route=\"/a\",status_class=\"2xx\"} 3");
                clock.advance(Duration.ofMinutes(5));
                JsonNode h = history(proxy, "window=1h");
                assertThat(sum(h, "requests")).isEqualTo(9);
                assertThat(h.get("coveredSeconds").asDouble()).isEqualTo(900.0);
            }
        }
    }

    @Test
    void aWindowThatIsNotADurationIsA400ThatSaysWhatToSend() throws Exception {
        try (FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build()) {
            HttpResponse<String> r = Wire.call(proxy, "GET", "/history?window=soon", null);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("window 'soon' is not a positive duration such as 90s, 10m, 1h or 30d");
            assertThat(Wire.call(proxy, "GET", "/history", null).body()).contains("needs ?window=DURATION");
        }
    }
}
