package dev.assay.telemetry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a service mesh's proxies: a loopback {@code /metrics} serving Istio's or Linkerd's request counters
 * in Prometheus text, as their sidecars export them. No real mesh can run on these machines (no cluster, no
 * sidecars), so this is what the real Prometheus scrapes. Each series grows by a fixed step per scrape from a high
 * start (as in a long-running proxy), so Prometheus extrapolates every series' increase by the same factor and the
 * ratios (error shares, calls per request, rate ratios) are exact.
 */
final class MeshExporter implements AutoCloseable {
    /** One counter: its name, labels as Prometheus text, and its step per scrape. */
    record Series(String name, String labels, long step) {
    }

    static final String ISTIO_SHOP = "reporter=\"%s\",source_workload=\"%s\",source_workload_namespace=\"shop\",destination_workload=\"%s\","
            + "destination_workload_namespace=\"shop\",destination_service_name=\"%s\",destination_service_namespace=\"shop\",response_code=\"%s\"";

    /** frontend-v1 → cart-v2 (20 per scrape, 2 of them 503, seen by both sidecars), cart-v2 → redis (11, no sidecar), ingress → frontend-v1 (10). */
    static final List<Series> ISTIO = List.of(
            new Series("istio_requests_total", ISTIO_SHOP.formatted("source", "frontend-v1", "cart-v2", "cart", "200"), 18),
            new Series("istio_requests_total", ISTIO_SHOP.formatted("source", "frontend-v1", "cart-v2", "cart", "503"), 2),
            new Series("istio_requests_total", ISTIO_SHOP.formatted("destination", "frontend-v1", "cart-v2", "cart", "200"), 18),
            new Series("istio_requests_total", ISTIO_SHOP.formatted("destination", "frontend-v1", "cart-v2", "cart", "503"), 2),
            new Series("istio_requests_total", ISTIO_SHOP.formatted("source", "cart-v2", "unknown", "redis", "200"), 11),
            new Series("istio_requests_total", ISTIO_SHOP.formatted("destination", "unknown", "frontend-v1", "frontend", "200"), 10));

    static final String LINKERD_OUT = "direction=\"outbound\",namespace=\"emojivoto\",deployment=\"web\",pod=\"web-5f86-x\","
            + "dst_namespace=\"emojivoto\",dst_deployment=\"%s\",classification=\"%s\",status_code=\"%s\",tls=\"true\"";
    static final String LINKERD_IN = "direction=\"inbound\",namespace=\"emojivoto\",deployment=\"%s\",classification=\"%s\",status_code=\"%s\"";

    /** web → emoji (50 per scrape, 5 failures), web → voting (30); web itself receives 25 (from outside the mesh). */
    static final List<Series> LINKERD = List.of(
            new Series("response_total", LINKERD_OUT.formatted("emoji", "success", "200"), 45),
            new Series("response_total", LINKERD_OUT.formatted("emoji", "failure", "500"), 5),
            new Series("response_total", LINKERD_OUT.formatted("voting", "success", "200"), 30),
            new Series("response_total", LINKERD_IN.formatted("web", "success", "200"), 25),
            new Series("response_total", LINKERD_IN.formatted("emoji", "success", "200"), 45),
            new Series("response_total", LINKERD_IN.formatted("emoji", "failure", "500"), 5),
            new Series("request_total", "direction=\"outbound\",namespace=\"emojivoto\",deployment=\"web\",dst_namespace=\"emojivoto\","
                    + "dst_deployment=\"emoji\"", 50));

    private final HttpServer server;
    private final AtomicInteger scrapes = new AtomicInteger();

    MeshExporter(List<Series> series) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/metrics", ex -> {
            int n = scrapes.incrementAndGet();
            StringBuilder text = new StringBuilder();
            String last = "";
            for (Series s : series) {
                if (!s.name().equals(last)) text.append("# TYPE ").append(s.name()).append(" counter\n");
                last = s.name();
                text.append(s.name()).append('{').append(s.labels()).append("} ").append(1_000_000 + s.step() * n).append('\n');
            }
            byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
            try (ex) {
                ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        server.start();
    }

    String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    int scrapes() {
        return scrapes.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
