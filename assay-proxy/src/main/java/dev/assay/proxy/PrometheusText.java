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
            t.sample("assay_proxy_http_requests_total", labels("proxy", p, "callee", c[0], "caller", c[1], "cohort", c[2], "route", c[3],
                    "status_class", c[4]), v.sum());
        }));
        t.family("assay_proxy_http_errors_total", "counter", "HTTP requests answered 5xx, aborted, or failed upstream.");
        sorted.forEach((p, m) -> keyedRoute(m.errors).forEach((k, v) -> {
            String[] c = k.split("\0", -1);
            t.sample("assay_proxy_http_errors_total", labels("proxy", p, "callee", c[0], "caller", c[1], "cohort", c[2], "route", c[3]), v.sum());
        }));
        t.family("assay_proxy_caller_connections_total", "counter", "Client connections accepted, by the service that opened them.");
        sorted.forEach((p, m) -> new TreeMap<>(m.callerConnections.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                e -> e.getKey().callee() + "\0" + e.getKey().caller(), Map.Entry::getValue))).forEach((k, v) -> {
            String[] c = k.split("\0", -1);
            t.sample("assay_proxy_caller_connections_total", labels("proxy", p, "callee", c[0], "caller", c[1]), v.sum());
        }));
        t.family("assay_proxy_http_request_duration_seconds", "histogram", "Time from request received to response sent.");
        sorted.forEach((p, m) -> keyedRoute(m.latency).forEach((k, h) -> t.histogram(p, k, h)));
        return t.out.toString();
    }

    private static <V> Map<String, V> keyed(Map<ProxyMetrics.RequestKey, V> m) {
        Map<String, V> r = new TreeMap<>();
        m.forEach((k, v) -> r.put(String.join("\0", k.callee(), k.caller(), k.cohort(), k.route(), k.statusClass()), v));
        return r;
    }

    private static <V> Map<String, V> keyedRoute(Map<ProxyMetrics.RouteKey, V> m) {
        Map<String, V> r = new TreeMap<>();
        m.forEach((k, v) -> r.put(String.join("\0", k.callee(), k.caller(), k.cohort(), k.route()), v));
        return r;
    }

    private void histogram(String proxy, String key, ProxyMetrics.Histogram h) {
        String[] c = key.split("\0", -1);
        String[] base = {"proxy", proxy, "callee", c[0], "caller", c[1], "cohort", c[2], "route", c[3]};
        long cumulative = 0;
        for (int i = 0; i < ProxyMetrics.BUCKETS.length; i++) {
            cumulative += h.counts[i].sum();
            sample("assay_proxy_http_request_duration_seconds_bucket", labels(with(base, "le", Double.toString(ProxyMetrics.BUCKETS[i]))), cumulative);
        }
        sample("assay_proxy_http_request_duration_seconds_bucket", labels(with(base, "le", "+Inf")), h.count.sum());
        out.append("assay_proxy_http_request_duration_seconds_sum").append(labels(base)).append(' ').append(h.sum.sum()).append('\n');
        sample("assay_proxy_http_request_duration_seconds_count", labels(base), h.count.sum());
    }

    private static String[] with(String[] kv, String k, String v) {
        String[] out = java.util.Arrays.copyOf(kv, kv.length + 2);
        out[kv.length] = k;
        out[kv.length + 1] = v;
        return out;
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
