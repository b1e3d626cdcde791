package dev.assay.proxy;

import java.util.Map;
import java.util.TreeMap;

/** Renders every proxy's counters in the Prometheus text exposition format (version 0.0.4). */
final class PrometheusText {
    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusText() {
    }

    static String render(Map<String, ProxyMetrics> byProxy) {
        PrometheusText t = new PrometheusText();
        Map<String, ProxyMetrics> sorted = new TreeMap<>(byProxy);
        t.family("assay_proxy_connections_total", "counter", "Client connections accepted.");
        sorted.forEach((p, m) -> t.sample("assay_proxy_connections_total", labels("proxy", p), m.connectionsTotal.sum()));
        t.family("assay_proxy_connections_active", "gauge", "Client connections open now.");
        sorted.forEach((p, m) -> t.sample("assay_proxy_connections_active", labels("proxy", p), m.connectionsActive.sum()));
        t.family("assay_proxy_connections_refused_total", "counter", "Client connections closed at once: connection cap reached.");
        sorted.forEach((p, m) -> t.sample("assay_proxy_connections_refused_total", labels("proxy", p), m.connectionsRefused.sum()));
        t.family("assay_proxy_upstream_errors_total", "counter", "Upstream connections that failed (refused, unreachable).");
        sorted.forEach((p, m) -> t.sample("assay_proxy_upstream_errors_total", labels("proxy", p), m.upstreamErrors.sum()));
        t.family("assay_proxy_bytes_total", "counter", "Bytes read from the source side, by direction.");
        sorted.forEach((p, m) -> {
            t.sample("assay_proxy_bytes_total", labels("proxy", p, "direction", "upstream"), m.bytesUpstream.sum());
            t.sample("assay_proxy_bytes_total", labels("proxy", p, "direction", "downstream"), m.bytesDownstream.sum());
        });
        t.family("assay_proxy_toxics_active", "gauge", "Toxics installed now.");
        sorted.forEach((p, m) -> t.sample("assay_proxy_toxics_active", labels("proxy", p), m.toxicsActive));
        t.family("assay_proxy_toxics_expired_total", "counter", "Toxics removed because their TTL or lease expired.");
        sorted.forEach((p, m) -> t.sample("assay_proxy_toxics_expired_total", labels("proxy", p), m.toxicsExpired.sum()));
        t.family("assay_proxy_http_requests_total", "counter", "HTTP requests by cohort, route and response status class.");
        sorted.forEach((p, m) -> keyed(m.requests).forEach((k, v) -> {
            String[] c = k.split("\0", -1);
            t.sample("assay_proxy_http_requests_total", labels("proxy", p, "cohort", c[0], "route", c[1], "status_class", c[2]), v.sum());
        }));
        t.family("assay_proxy_http_errors_total", "counter", "HTTP requests answered 5xx, aborted, or failed upstream.");
        sorted.forEach((p, m) -> keyedRoute(m.errors).forEach((k, v) -> {
            String[] c = k.split("\0", -1);
            t.sample("assay_proxy_http_errors_total", labels("proxy", p, "cohort", c[0], "route", c[1]), v.sum());
        }));
        t.family("assay_proxy_http_request_duration_seconds", "histogram", "Time from request received to response sent.");
        sorted.forEach((p, m) -> keyedRoute(m.latency).forEach((k, h) -> t.histogram(p, k, h)));
        return t.out.toString();
    }

    private static <V> Map<String, V> keyed(Map<ProxyMetrics.RequestKey, V> m) {
        Map<String, V> r = new TreeMap<>();
        m.forEach((k, v) -> r.put(k.cohort() + "\0" + k.route() + "\0" + k.statusClass(), v));
        return r;
    }

    private static <V> Map<String, V> keyedRoute(Map<ProxyMetrics.RouteKey, V> m) {
        Map<String, V> r = new TreeMap<>();
        m.forEach((k, v) -> r.put(k.cohort() + "\0" + k.route(), v));
        return r;
    }

    private void histogram(String proxy, String key, ProxyMetrics.Histogram h) {
        String[] parts = key.split("\0", -1);
        long cumulative = 0;
        for (int i = 0; i < ProxyMetrics.BUCKETS.length; i++) {
            cumulative += h.counts[i].sum();
            sample("assay_proxy_http_request_duration_seconds_bucket", labels("proxy", proxy, "cohort", parts[0], "route", parts[1],
                    "le", Double.toString(ProxyMetrics.BUCKETS[i])), cumulative);
        }
        String base = labels("proxy", proxy, "cohort", parts[0], "route", parts[1]);
        sample("assay_proxy_http_request_duration_seconds_bucket", labels("proxy", proxy, "cohort", parts[0], "route", parts[1], "le", "+Inf"),
                h.count.sum());
        out.append("assay_proxy_http_request_duration_seconds_sum").append(base).append(' ').append(h.sum.sum()).append('\n');
        sample("assay_proxy_http_request_duration_seconds_count", base, h.count.sum());
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, long value) {
        out.append(name).append(labels).append(' ').append(value).append('\n');
    }

    private static String labels(String... kv) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            if (i > 0) b.append(',');
            b.append(kv[i]).append("=\"").append(kv[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return b.append('}').toString();
    }
}
