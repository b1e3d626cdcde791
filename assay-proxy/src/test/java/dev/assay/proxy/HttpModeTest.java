package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.proxy.ToxicSpec.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP mode: status, delay and abort faults, matching, cohorts and keep-alive, against a real HTTP server. */
class HttpModeTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpUpstream upstream;
    private FaultProxy proxy;
    private String listen;

    @BeforeEach
    void start() throws IOException {
        upstream = new HttpUpstream();
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        listen = proxy.createProxy(new ProxySpec("web", "127.0.0.1:0", upstream.address(), true, ProxySpec.Mode.HTTP)).spec().listen();
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + listen + path));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void toxic(String name, String type, Map<String, Object> attributes) {
        proxy.addToxic("web", new ToxicSpec(name, type, Stream.DOWNSTREAM, 1, attributes, Optional.empty(), Optional.empty()));
    }

    @Test
    void thirtyPercentOfRequestsGet503AndControlsAreUntouched() throws Exception {
        toxic("errors", "http_error", Map.of("status", 503, "percent", 30));
        int faulted = 0;
        int control = 0;
        for (int i = 0; i < 1000; i++) {
            HttpResponse<String> r = get("/checkout/" + i);
            String cohort = r.headers().firstValue(Cohort.HEADER).orElseThrow();
            if (r.statusCode() == 503) {
                assertThat(cohort).isEqualTo("faulted");
                faulted++;
            } else {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(cohort).isEqualTo("control");
                assertThat(r.body()).hasSize(100);
                control++;
            }
        }
        assertThat(faulted).isBetween(250, 350);
        assertThat(upstream.seen("control")).isEqualTo(control);
        assertThat(upstream.seen("faulted")).isZero();
        String metrics = Wire.withoutCaller(Wire.awaitMetrics(proxy, "assay_proxy_http_request_duration_seconds_count{proxy=\"web\",callee=\"web\",cohort=\"control\",route=\"/checkout\"} " + control));
        assertThat(metrics).contains("assay_proxy_http_requests_total{proxy=\"web\",callee=\"web\",cohort=\"faulted\",route=\"/checkout\",status_class=\"5xx\"} " + faulted);
        assertThat(metrics).contains("assay_proxy_http_requests_total{proxy=\"web\",callee=\"web\",cohort=\"control\",route=\"/checkout\",status_class=\"2xx\"} " + control);
        assertThat(metrics).contains("assay_proxy_http_request_duration_seconds_count{proxy=\"web\",callee=\"web\",cohort=\"control\",route=\"/checkout\"} " + control);
    }

    @Test
    void delayAppliesOnlyToMatchingPaths() throws Exception {
        toxic("slow", "http_delay", Map.of("delay", 300, "path_prefix", "/slow"));
        long t0 = System.nanoTime();
        assertThat(get("/slow/x").headers().firstValue(Cohort.HEADER)).contains("faulted");
        assertThat((System.nanoTime() - t0) / 1e6).isGreaterThanOrEqualTo(290.0);
        double fast = Wire.fastestOf(5, 250, () -> {
            long t = System.nanoTime();
            assertThat(get("/fast").headers().firstValue(Cohort.HEADER)).contains("control");
            return (System.nanoTime() - t) / 1e6;
        });
        assertThat(fast).as("/fast is not delayed (fastest of up to 5)").isLessThan(250.0);
    }

    @Test
    void errorMatchesOnMethodAndHeader() throws Exception {
        toxic("teapot", "http_error", Map.of("status", 418, "method", "GET", "header", "x-user: canary"));
        assertThat(get("/a", "x-user", "canary").statusCode()).isEqualTo(418);
        assertThat(get("/a", "x-user", "someone").statusCode()).isEqualTo(200);
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://" + listen + "/a")).header("x-user", "canary")
                .POST(HttpRequest.BodyPublishers.ofString("hi")).build();
        assertThat(client.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void abortCutsTheResponseMidBody() throws Exception {
        toxic("cut", "http_abort", Map.of("after_bytes", 10));
        assertThatThrownBy(() -> get("/a")).isInstanceOf(IOException.class);
        assertThat(Wire.awaitMetrics(proxy, "cohort=\"faulted\",route=\"/a\",status_class=\"none\"} 1")).contains("cohort=\"faulted\",route=\"/a\",status_class=\"none\"} 1");
    }

    @Test
    void keepAliveCarriesSeveralRequestsOverOneConnectionInOrder() throws Exception {
        try (Socket s = Wire.connect(listen)) {
            String req = "GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 2; i++) {
                String head = readHead(in);
                assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("x-assay-cohort: control");
                assertThat(in.readNBytes(100)).hasSize(100);
            }
        }
        assertThat(proxy.metrics()).contains("assay_proxy_connections_total{proxy=\"web\"} 1");
    }

    @Test
    void connectionCloseIsRespected() throws Exception {
        try (Socket s = Wire.connect(listen)) {
            s.getOutputStream().write("GET /one HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(all).startsWith("HTTP/1.1 200").endsWith("x".repeat(100));
        }
    }

    @Test
    void unreachableUpstreamAnswers502WithAMessage() throws Exception {
        String dead = proxy.createProxy(new ProxySpec("dead", "127.0.0.1:0", "127.0.0.1:" + dev.assay.testkit.FreePorts.next(), true,
                ProxySpec.Mode.HTTP)).spec().listen();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://" + dead + "/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("unreachable");
        assertThat(get("/still-serving").statusCode()).isEqualTo(200);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) throw new IOException("eof in head: " + b);
            b.append((char) c);
        }
        return b.toString();
    }
}
