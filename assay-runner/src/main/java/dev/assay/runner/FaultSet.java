package dev.assay.runner;

import dev.assay.journal.Journal;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.spi.Injector;
import dev.assay.spi.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The faults one experiment has in effect. Each is applied under its own lease (journaled before the
 * injector is called); a heartbeat renews the leases while the runner shows it is alive ({@link #alive()},
 * called by the guard loop) and stops renewing when it is not, so a hung runner's faults expire by themselves.
 * {@link #removeAll()} removes every fault at once, all injectors in parallel.
 */
final class FaultSet implements AutoCloseable {
    private final String experimentId;
    private final Journal journal;
    private final Clock clock;
    private final Duration ttl;
    private final Map<FaultType, Injector> injectors;
    private final ExperimentListener listener;
    private final List<Applied> applied = new CopyOnWriteArrayList<>();
    private final List<String> unconfirmed = new CopyOnWriteArrayList<>();
    private final Thread heartbeat;
    private volatile Instant lastAlive;
    private volatile boolean closed;

    /** How long one {@link #removeAll()} may take at most, whatever the injectors do; what is not removed by then expires with its lease. */
    static final Duration REMOVAL_DEADLINE = Duration.ofSeconds(30);
    private int sequence;

    private record Applied(Injector injector, Injector.AppliedFault fault) {
    }

    /** The latest lease expiry each fault's backend acknowledged (applied, or renewed), by lease id. */
    private final Map<String, Instant> expiries = new java.util.concurrent.ConcurrentHashMap<>();

    FaultSet(String experimentId, Journal journal, Clock clock, Duration ttl, Map<FaultType, Injector> injectors, ExperimentListener listener) {
        this.experimentId = experimentId;
        this.journal = journal;
        this.clock = clock;
        this.ttl = ttl;
        this.injectors = injectors;
        this.listener = listener;
        this.lastAlive = clock.instant();
        this.heartbeat = Thread.ofVirtual().name("assay-heartbeat-" + experimentId).start(this::beat);
    }

    /** Applies {@code level} of {@code fault}; the journal has the fault before the injector is called. */
    Injector.AppliedFault apply(Fault fault, Magnitude level) {
        return apply(fault, level, List.of());
    }

    /** Like {@link #apply(Fault, Magnitude)}, passing the intent's exclusion zones to a {@link ZoneAware} injector. */
    Injector.AppliedFault apply(Fault fault, Magnitude level, List<String> exclusionZones) {
        Injector injector = injectors.get(fault.type());
        if (injector == null) {
            throw new RunnerException("no injector for fault type " + fault.type().id() + "; configure one (see INJECTORS.md)");
        }
        Instant now = clock.instant();
        Lease lease = new Lease(experimentId + "-f" + (++sequence), now.plus(ttl));
        journal.faultApplying(experimentId, new Journal.FaultEntry(lease.id(), injector.getClass().getSimpleName(), fault.type().id(),
                fault.target(), level.describe(), lease.id(), lease.expiresAt(), now));
        expiries.put(lease.id(), lease.expiresAt()); // the injector may have applied it before failing: count it from now
        Injector.AppliedFault a = injector instanceof ZoneAware z ? z.apply(fault, level, lease, exclusionZones) : injector.apply(fault, level, lease);
        applied.add(new Applied(injector, a));
        listener.faultApplied(experimentId, a);
        return a;
    }

    boolean isEmpty() {
        return applied.isEmpty();
    }


    /** Called by the guard loop on every evaluation: proof that the runner is not hung. */
    void alive() {
        lastAlive = clock.instant();
    }

    /**
     * Removes every fault now, all in parallel. Returns, for each removal that could not be confirmed, what
     * happened and when the fault's lease expires (the latest expiry its backend acknowledged); those faults stay
     * open in the journal ({@code removed_at} empty) so the next run's recovery checks they are gone.
     */
    List<String> removeAll() {
        List<Applied> toRemove = List.copyOf(applied);
        List<String> problems = new ArrayList<>();
        long deadline = System.nanoTime() + REMOVAL_DEADLINE.toNanos();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Applied a : toRemove) futures.add(pool.submit(() -> removeWithRetry(a)));
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    applied.remove(toRemove.get(i));
                    expiries.remove(toRemove.get(i).fault().lease().id());
                    journal.faultRemoved(experimentId, toRemove.get(i).fault().lease().id(), clock.instant());
                } catch (Exception e) {
                    if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    String why = e instanceof java.util.concurrent.TimeoutException ? "no answer within " + REMOVAL_DEADLINE.toSeconds() + " s"
                            : String.valueOf(cause.getMessage());
                    Injector.AppliedFault f = toRemove.get(i).fault();
                    applied.remove(toRemove.get(i)); // no more renewals: its lease runs out at the time reported
                    problems.add("removal of " + f.fault().type().id() + " on " + f.fault().target() + " (" + f.id() + ") could not be confirmed ("
                            + why + "); the fault's lease expires at " + expiresAt(f));
                    unconfirmed.add(problems.get(problems.size() - 1));
                }
            }
        } finally {
            pool.shutdownNow(); // never wait for an injector that hangs: its fault is reported unconfirmed and expires with its lease
        }
        return problems;
    }

    /** Every removal of this experiment that could not be confirmed so far (by any {@link #removeAll()}). */
    List<String> unconfirmed() {
        return List.copyOf(unconfirmed);
    }

    /** When the fault's lease runs out at the latest: the last expiry its backend acknowledged. */
    Instant expiresAt(Injector.AppliedFault f) {
        return expiries.getOrDefault(f.lease().id(), f.lease().expiresAt());
    }

    private static void removeWithRetry(Applied a) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                a.injector().remove(a.fault());
                return;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    private void beat() {
        long periodMillis = Math.max(50, ttl.toMillis() / 4);
        while (!closed) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            Instant now = clock.instant();
            if (Duration.between(lastAlive, now).compareTo(ttl.dividedBy(2)) > 0) continue; // runner hung: let the leases run out
            for (Applied a : applied) {
                if (a.injector() instanceof Renewable r) {
                    try {
                        r.renew(a.fault(), new Lease(a.fault().lease().id(), now.plus(ttl)));
                        expiries.put(a.fault().lease().id(), now.plus(ttl));
                    } catch (RuntimeException e) {
                        // the backend is unreachable: nothing to do; if it stays so, the fault expires with its lease
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        heartbeat.interrupt();
    }
}
