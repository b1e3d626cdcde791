package dev.assay.demo;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request metrics of one service in Prometheus text format: requests and errors per route and status class,
 * and a latency histogram per route ({@code assay_demo_request_duration_seconds}) with buckets 6% apart from 1 ms to
 * 30 s, fine enough that a percentile read from it is within 6% of the truth (what the mechanism belief needs to
 * tell 750 ms from 900 ms).
 */
final class Metrics {
    static final double[] BUCKETS_SECONDS = buckets(0.001, 30, 1.06);

    /** Upper bounds from {@code first} to at least {@code last} seconds, each {@code ratio} times the one before, rounded to 4 digits. */
    static double[] buckets(double first, double last, double ratio) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        for (double b = first; ; b *= ratio) {
            out.add(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", b)));
            if (b >= last) break;
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

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
