package dev.assay.proxy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one proxy: connections, bytes per direction, upstream errors, toxics, and in HTTP mode
 * requests and latency per cohort, route and status class. Lock-free; read by {@link PrometheusText}.
 */
final class ProxyMetrics {
    /** Latency histogram upper bounds in seconds (Prometheus {@code le}). */
    static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    record RequestKey(String cohort, String route, String statusClass) {
    }

    record RouteKey(String cohort, String route) {
    }

    static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    counts[i].increment();
                    break;
                }
            }
            count.increment();
            sum.add(seconds);
        }
    }

    final LongAdder connectionsTotal = new LongAdder();
    final LongAdder connectionsActive = new LongAdder();
    final LongAdder upstreamErrors = new LongAdder();
    final LongAdder connectionsRefused = new LongAdder();
    final LongAdder bytesUpstream = new LongAdder();
    final LongAdder bytesDownstream = new LongAdder();
    final LongAdder toxicsExpired = new LongAdder();
    volatile int toxicsActive;
    final Map<RequestKey, LongAdder> requests = new ConcurrentHashMap<>();
    final Map<RouteKey, LongAdder> errors = new ConcurrentHashMap<>();
    final Map<RouteKey, Histogram> latency = new ConcurrentHashMap<>();

    void connectionOpened() {
        connectionsTotal.increment();
        connectionsActive.increment();
    }

    void connectionClosed() {
        connectionsActive.decrement();
    }

    /** A connection closed at once because the proxy's connection cap or the process budget was reached. */
    void connectionRefused() {
        connectionsRefused.increment();
    }

    void upstreamError() {
        upstreamErrors.increment();
    }

    void bytes(ToxicSpec.Stream stream, int n) {
        (stream == ToxicSpec.Stream.UPSTREAM ? bytesUpstream : bytesDownstream).add(n);
    }

    void toxicsActive(int n) {
        toxicsActive = n;
    }

    void toxicExpired() {
        toxicsExpired.increment();
    }

    /** One HTTP exchange: {@code status} 0 means no response (aborted or upstream failed). */
    void request(Cohort cohort, String route, int status, long nanos) {
        String statusClass = status == 0 ? "none" : (status / 100) + "xx";
        requests.computeIfAbsent(new RequestKey(cohort.wire(), route, statusClass), k -> new LongAdder()).increment();
        RouteKey rk = new RouteKey(cohort.wire(), route);
        if (status == 0 || status >= 500) errors.computeIfAbsent(rk, k -> new LongAdder()).increment();
        latency.computeIfAbsent(rk, k -> new Histogram()).observe(nanos / 1e9);
    }
}
