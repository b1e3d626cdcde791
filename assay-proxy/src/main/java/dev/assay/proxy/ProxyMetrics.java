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

    /** {@code callee}/{@code caller} name the edge a request was on ({@link Callers}). */
    record RequestKey(String callee, String caller, String cohort, String route, String statusClass) {
    }

    record RouteKey(String callee, String caller, String cohort, String route) {
    }

    record EdgeKey(String callee, String caller) {
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
    final Map<EdgeKey, LongAdder> callerConnections = new ConcurrentHashMap<>();

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

    /** A client connection of {@code tag}'s caller, counted once its caller is known. */
    void connection(Callers.Tag tag) {
        tag.caller().thenAccept(caller -> callerConnections.computeIfAbsent(new EdgeKey(tag.callee(), caller), k -> new LongAdder()).increment());
    }

    /**
     * One HTTP exchange on {@code client}'s connection: {@code status} 0 means no response (aborted or upstream
     * failed). Booked under the connection's caller, as soon as that is known (at once, after the first request).
     */
    void request(io.netty.channel.Channel client, Cohort cohort, String route, int status, long nanos) {
        Callers.Tag tag = Callers.of(client);
        var caller = tag.caller();
        if (caller.isDone()) book(tag.callee(), caller.join(), cohort, route, status, nanos);
        else caller.thenAccept(c -> book(tag.callee(), c, cohort, route, status, nanos));
    }

    private void book(String callee, String caller, Cohort cohort, String route, int status, long nanos) {
        String statusClass = status == 0 ? "none" : (status / 100) + "xx";
        requests.computeIfAbsent(new RequestKey(callee, caller, cohort.wire(), route, statusClass), k -> new LongAdder()).increment();
        RouteKey rk = new RouteKey(callee, caller, cohort.wire(), route);
        if (status == 0 || status >= 500) errors.computeIfAbsent(rk, k -> new LongAdder()).increment();
        latency.computeIfAbsent(rk, k -> new Histogram()).observe(nanos / 1e9);
    }
}
