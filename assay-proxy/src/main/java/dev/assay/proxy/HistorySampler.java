package dev.assay.proxy;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the proxies' live counters into the {@link CounterHistory} every {@link CounterHistory#FINE}, on a
 * daemon thread of its own, and stores a last sample when closed (a failed sample is logged and retried next time).
 */
final class HistorySampler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HistorySampler.class.getName());

    private final CounterHistory history;
    private final Map<String, ProxyMetrics> metrics;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "assay-proxy-history");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    private HistorySampler(CounterHistory history, Map<String, ProxyMetrics> metrics) {
        this.history = history;
        this.metrics = metrics;
    }

    static HistorySampler start(CounterHistory history, Map<String, ProxyMetrics> metrics) {
        HistorySampler s = new HistorySampler(history, metrics);
        long fine = CounterHistory.FINE.toMillis();
        s.executor.scheduleAtFixedRate(s::sampleQuietly, fine, fine, TimeUnit.MILLISECONDS);
        return s;
    }

    private void sampleQuietly() {
        try {
            if (!closed) history.sample(metrics);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "counter history sample failed; retrying in 10 s", e);
        }
    }

    /** Stops sampling and stores the counters' increase since the last sample; the history stays open. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            history.sample(metrics);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "last counter history sample not stored: " + e.getMessage());
        }
    }
}
