package dev.assay.proxy;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections every proxy together may hold, so the data path can never take the descriptors the admin
 * API, the journal and the JVM need: each proxied connection costs two descriptors, and {@link #RESERVED} are
 * kept back from the process limit. Above the budget new connections are closed at once, with one log line.
 */
final class ProcessBudget {
    private static final System.Logger LOG = System.getLogger(ProcessBudget.class.getName());
    /** Descriptors never given to proxied connections (admin API, JVM, jars, journal, logs). */
    static final int RESERVED = 256;

    private final int max;
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicBoolean full = new AtomicBoolean();

    private ProcessBudget(int max) {
        this.max = max;
    }

    /** From the process's descriptor limit ({@code ulimit -n}); unknown limits leave a generous fixed budget. */
    static ProcessBudget fromDescriptorLimit() {
        long limit = 65_536;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            limit = u.getMaxFileDescriptorCount();
        }
        return of((int) Math.max(16, Math.min(Integer.MAX_VALUE, (limit - RESERVED) / 2)));
    }

    static ProcessBudget of(int maxConnections) {
        return new ProcessBudget(maxConnections);
    }

    int max() {
        return max;
    }

    boolean tryAcquire() {
        while (true) {
            int n = live.get();
            if (n >= max) {
                if (full.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.WARNING, "all proxies together hold " + n + " connections, the most this process's"
                            + " descriptor limit allows (" + RESERVED + " kept for the admin API); refusing new ones until some close."
                            + " Raise the limit with ulimit -n");
                }
                return false;
            }
            if (live.compareAndSet(n, n + 1)) return true;
        }
    }

    void release() {
        if (live.decrementAndGet() < max * 9L / 10) full.set(false);
    }
}
