package dev.assay.runner;

import dev.assay.journal.Journal;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The journal's experiment lease held by this runner for one experiment: taken before any fault, renewed every
 * TTL/4 while the experiment runs (faults, rollback, recovery), released when it ends. Two controllers sharing a
 * journal (a PostgreSQL team journal, or one SQLite file) therefore never run overlapping experiments; a killed
 * controller's lease expires after its TTL and the other proceeds.
 */
final class ExperimentLock implements AutoCloseable {
    private final Journal journal;
    private final String holder;
    private final ScheduledExecutorService renewer;
    private final AtomicBoolean lost = new AtomicBoolean();

    private ExperimentLock(Journal journal, String holder, String experimentId, Clock clock, Duration ttl) {
        this.journal = journal;
        this.holder = holder;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "experiment-lease-" + experimentId);
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, ttl.toMillis() / 4);
        renewer.scheduleAtFixedRate(() -> {
            try {
                if (!journal.acquireExperimentLease(holder, experimentId, clock.instant(), ttl)) lost.set(true);
            } catch (RuntimeException e) {
                lost.set(true); // journal unreachable: the lease will lapse; the fault leases still bound the faults
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease for {@code experimentId}, waiting up to {@code wait} (polling, real time) while another
     * holder has it; empty if it is still held then. {@code stop} ends the wait early.
     */
    static Optional<ExperimentLock> take(Journal journal, String holder, String experimentId, Clock clock, Duration ttl, Duration wait,
                                         java.util.function.BooleanSupplier stop) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (journal.acquireExperimentLease(holder, experimentId, clock.instant(), ttl)) {
                return Optional.of(new ExperimentLock(journal, holder, experimentId, clock, ttl));
            }
            if (System.nanoTime() >= deadline || stop.getAsBoolean()) return Optional.empty();
            try {
                Thread.sleep(Math.min(500, Math.max(50, ttl.toMillis() / 4)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** Why the lease could not be taken, for the skipped experiment's reason. */
    static String heldBy(Journal journal) {
        return journal.experimentLease().map(l -> "controller " + l.holder() + " holds the journal's experiment lease (experiment "
                + l.experimentId() + ", until " + l.expiresAt() + ")").orElse("another controller holds the journal's experiment lease");
    }

    /** True if a renewal found the lease taken by someone else (it had expired) or the journal unreachable. */
    boolean lost() {
        return lost.get();
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            renewer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.releaseExperimentLease(holder);
    }
}
