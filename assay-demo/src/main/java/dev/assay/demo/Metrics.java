package dev.assay.demo;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request metrics of one service in Prometheus text format: requests and errors per route and status class,
 * and a latency histogram per route ({@code assay_demo_request_duration_seconds}).
 */
final class Metrics {
    static final double[] BUCKETS_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private static final class Route {
        final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
        final LongAdder[] buckets = new LongAdder[BUCKETS_SECONDS.length];
        final LongAdder count = new LongAdder();
        final LongAdder errors = new LongAdder();
        final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Route() {
            for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
        }
    }

    private final String service;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    Metrics(String service) {
        this.service = service;
    }

    void record(String route, int status, double seconds) {
        Route r = routes.computeIfAbsent(route, k -> new Route());
        r.byStatus.computeIfAbsent(status / 100 + "xx", k -> new LongAdder()).increment();
        r.count.increment();
        if (status >= 500) r.errors.increment();
        r.sum.add(seconds);
        for (int i = 0; i < BUCKETS_SECONDS.length; i++) if (seconds <= BUCKETS_SECONDS[i]) r.buckets[i].increment();
    }

    /** A named business or mechanism counter ({@code orders}, {@code fallbacks}, {@code email_dropped}). */
    void increment(String counter) {
        counters.computeIfAbsent(counter, k -> new LongAdder()).increment();
    }

    long counter(String counter) {
        LongAdder a = counters.get(counter);
        return a == null ? 0 : a.sum();
    }

    long requests(String route) {
        Route r = routes.get(route);
        return r == null ? 0 : r.count.sum();
    }

    String render() {
        StringBuilder out = new StringBuilder();
        String s = "service=\"" + service + "\"";
        out.append("# TYPE assay_demo_requests_total counter\n");
        new TreeMap<>(routes).forEach((route, r) -> new TreeMap<>(r.byStatus).forEach((status, n) -> out.append("assay_demo_requests_total{")
                .append(s).append(",route=\"").append(route).append("\",status=\"").append(status).append("\"} ").append(n.sum()).append('\n')));
        out.append("# TYPE assay_demo_errors_total counter\n");
        new TreeMap<>(routes).forEach((route, r) -> out.append("assay_demo_errors_total{").append(s).append(",route=\"").append(route)
                .append("\"} ").append(r.errors.sum()).append('\n'));
        out.append("# TYPE assay_demo_request_duration_seconds histogram\n");
        new TreeMap<>(routes).forEach((route, r) -> {
            String l = s + ",route=\"" + route + "\"";
            for (int i = 0; i < BUCKETS_SECONDS.length; i++) {
                out.append("assay_demo_request_duration_seconds_bucket{").append(l).append(",le=\"").append(BUCKETS_SECONDS[i])
                        .append("\"} ").append(r.buckets[i].sum()).append('\n');
            }
            out.append("assay_demo_request_duration_seconds_bucket{").append(l).append(",le=\"+Inf\"} ").append(r.count.sum()).append('\n');
            out.append("assay_demo_request_duration_seconds_sum{").append(l).append("} ").append(r.sum.sum()).append('\n');
            out.append("assay_demo_request_duration_seconds_count{").append(l).append("} ").append(r.count.sum()).append('\n');
        });
        out.append("# TYPE assay_demo_events_total counter\n");
        new TreeMap<>(counters).forEach((name, n) -> out.append("assay_demo_events_total{").append(s).append(",event=\"").append(name)
                .append("\"} ").append(n.sum()).append('\n'));
        return out.toString();
    }
}
