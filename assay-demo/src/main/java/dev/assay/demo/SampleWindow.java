package dev.assay.demo;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.locks.ReentrantLock;

/** The outcomes of one journey's requests over the last few minutes: success and latency, by completion time. */
final class SampleWindow {
    record Sample(long atMillis, boolean ok, double latencyMs) {
    }

    /** Aggregates over a trailing window. Percentiles are nearest-rank over all requests, failed ones included. */
    record Summary(long requests, long failures, double p50, double p95, double p99, double seconds) {
        double errorRate() {
            return requests == 0 ? 0 : (double) failures / requests;
        }

        double successesPerSecond() {
            return (requests - failures) / seconds;
        }
    }

    private final Duration retention;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();

    SampleWindow(Duration retention) {
        this.retention = retention;
    }

    void add(Sample s) {
        lock.lock();
        try {
            samples.addLast(s);
            long oldest = s.atMillis() - retention.toMillis();
            while (!samples.isEmpty() && samples.peekFirst().atMillis() < oldest) samples.removeFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The samples completed in [fromMillis, toMillis). */
    java.util.List<Sample> between(long fromMillis, long toMillis) {
        java.util.List<Sample> out = new java.util.ArrayList<>();
        lock.lock();
        try {
            for (Sample s : samples) if (s.atMillis() >= fromMillis && s.atMillis() < toMillis) out.add(s);
        } finally {
            lock.unlock();
        }
        return out;
    }

    Summary summarize(long nowMillis, Duration window) {
        long from = nowMillis - window.toMillis();
        double[] latencies;
        long failures = 0;
        int n = 0;
        lock.lock();
        try {
            latencies = new double[samples.size()];
            for (Iterator<Sample> it = samples.descendingIterator(); it.hasNext(); ) {
                Sample s = it.next();
                if (s.atMillis() <= from) break;
                if (s.atMillis() > nowMillis) continue;
                latencies[n++] = s.latencyMs();
                if (!s.ok()) failures++;
            }
        } finally {
            lock.unlock();
        }
        double[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new Summary(n, failures, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99), window.toMillis() / 1000.0);
    }

    private static double rank(double[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
