package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** GET /metrics is valid Prometheus text (checked by the real promtool) and counts what happened. */
class MetricsTest {
    @Test
    void metricsEndpointServesValidPrometheusTextWithPerProxyAndPerCohortSeries() throws Exception {
        try (EchoUpstream echo = new EchoUpstream(); HttpUpstream web = new HttpUpstream();
             FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build()) {
            String tcp = proxy.createProxy(ProxySpec.tcp("echo", "127.0.0.1:0", echo.address())).spec().listen();
            String http = proxy.createProxy(new ProxySpec("web", "127.0.0.1:0", web.address(), true, ProxySpec.Mode.HTTP)).spec().listen();
            proxy.addToxic("web", ToxicSpec.of("http_error", ToxicSpec.Stream.DOWNSTREAM, Map.of("status", 500, "path_prefix", "/bad")));
            try (Socket s = Wire.connect(tcp)) {
                Wire.echoRoundTrip(s);
            }
            HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            c.send(HttpRequest.newBuilder(URI.create("http://" + http + "/bad")).build(), HttpResponse.BodyHandlers.discarding());
            c.send(HttpRequest.newBuilder(URI.create("http://" + http + "/good")).build(), HttpResponse.BodyHandlers.discarding());

            Wire.awaitMetrics(proxy, "route=\"/good\",le=\"+Inf\"} 1");
            HttpResponse<String> r = Wire.call(proxy, "GET", "/metrics", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            String text = Wire.withoutCaller(r.body());
            assertThat(text).contains("assay_proxy_bytes_total{proxy=\"echo\",direction=\"upstream\"} 1");
            assertThat(text).contains("assay_proxy_bytes_total{proxy=\"echo\",direction=\"downstream\"} 1");
            assertThat(text).contains("assay_proxy_connections_total{proxy=\"echo\"} 1");
            assertThat(text).contains("assay_proxy_http_errors_total{proxy=\"web\",callee=\"web\",cohort=\"faulted\",route=\"/bad\"} 1");
            assertThat(text).contains("assay_proxy_http_requests_total{proxy=\"web\",callee=\"web\",cohort=\"control\",route=\"/good\",status_class=\"2xx\"} 1");
            assertThat(text).contains("assay_proxy_http_request_duration_seconds_bucket{proxy=\"web\",callee=\"web\",cohort=\"faulted\",route=\"/bad\",le=\"+Inf\"} 1");
            assertThat(text).contains("assay_proxy_toxics_active{proxy=\"web\"} 1");

            Path promtool = Path.of("/usr/bin/promtool");
            assumeTrue(Files.isExecutable(promtool), "promtool (Debian prometheus) not installed");
            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }
    }
}
