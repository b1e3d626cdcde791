package dev.assay.cli;

import com.sun.net.httpserver.HttpServer;
import dev.assay.testkit.PrometheusServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * What the process tests of {@code run} and {@code serve} share ({@link RunSignalsTest}, {@link ServeSignalsTest},
 * {@link RunSafetyTest}): a real loopback service answering "ok", the system file of a checkout behind the fault
 * proxy with an SLI read from a real Prometheus, and the wait until Prometheus has seen traffic through the proxy.
 */
final class CheckoutRig {
    private CheckoutRig() {
    }

    /** A loopback HTTP service that answers every request with 200 "ok". */
    static HttpServer okUpstream() throws IOException {
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/", ex -> {
            ex.sendResponseHeaders(200, 2);
            ex.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            ex.close();
        });
        upstream.start();
        return upstream;
    }

    /** The system file: Prometheus at {@code prometheus}, the proxy's API on {@code proxyApi}, then {@code extra} (YAML under spec). */
    static String systemYaml(URI prometheus, int proxyApi, String extra) {
        return """
                apiVersion: assay/v1
                kind: System
                metadata: {name: boutique}
                spec:
                  telemetry:
                    - kind: prometheus
                      url: %s
                  slis:
                    - name: checkout.errors.rate
                      prometheus: (sum(rate(assay_proxy_http_errors_total[$window])) or vector(0)) / sum(rate(assay_proxy_http_requests_total[$window]))
                  slos:
                    - {name: checkout-availability, sli: checkout.errors.rate, objective: 99%%, window: 30d}
                  injectors:
                    - type: proxy
                      url: http://127.0.0.1:%d
                %s""".formatted(prometheus, proxyApi, extra);
    }

    /** Traffic through the proxy on {@code listen} until Prometheus has a request rate (so the error budget can be read). */
    static void warmUp(PrometheusServer prometheus, int listen, Duration deadlineAfter) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String q = URLEncoder.encode("sum(rate(assay_proxy_http_requests_total[1m]))", StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + deadlineAfter.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 5; i++) {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listen + "/")).build(), HttpResponse.BodyHandlers.discarding());
            }
            String body = http.send(HttpRequest.newBuilder(URI.create(prometheus.baseUri() + "/api/v1/query?query=" + q)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"value\"")) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException("Prometheus never saw traffic through the proxy");
    }
}
