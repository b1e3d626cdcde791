package dev.assay.server;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The experiment running now, read-only, as the dashboard shows it: its id and intent, the lifecycle phase
 * ({@code PLANNED, PREFLIGHT, BASELINE, INJECTING, ROLLBACK, RECOVERY, DONE, ABORTED, INTERRUPTED}) and its detail,
 * each guard's latest value against its threshold with the time it was read, the seconds left at the current
 * level (while injecting), and when this state last changed. {@code seq} grows with every change.
 */
public record LiveRun(long seq, String experimentId, String intentId, String phase, String detail, List<GuardValue> guards,
                      Optional<Double> secondsLeft, Instant updatedAt) {
    public LiveRun {
        requireNonNull(experimentId, "experimentId");
        requireNonNull(intentId, "intentId");
        requireNonNull(phase, "phase");
        requireNonNull(detail, "detail");
        guards = List.copyOf(guards);
        requireNonNull(secondsLeft, "secondsLeft");
        requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * One guard: the SLI it reads, where it comes from ({@code abortWhen}, an SLO burn rate, ...), its trigger
     * ({@code above}, {@code below}, {@code dropsBy}, {@code risesBy}: the last two relative to the baseline), the
     * threshold and its unit, and the latest value read (empty before the first read) and when.
     */
    public record GuardValue(String sli, String origin, String trigger, double threshold, String unit, Optional<Double> value,
                             Optional<Instant> readAt) {
        public GuardValue {
            requireNonNull(sli, "sli");
            requireNonNull(origin, "origin");
            requireNonNull(trigger, "trigger");
            requireNonNull(unit, "unit");
            requireNonNull(value, "value");
            requireNonNull(readAt, "readAt");
        }
    }

    /** What the dashboard reads and the one thing it may do: stop the run, which rolls back every fault. */
    public interface Source {
        /** The run now, or the last one that ended (its phase says so); empty before the first run. */
        Optional<LiveRun> live();

        /** Calls {@code listener} with every change, until the returned handle is closed. Must not block. */
        AutoCloseable subscribe(java.util.function.Consumer<LiveRun> listener);

        /** Stops the running experiment (rollback, journaled ABORTED); false when none runs. */
        boolean stop();
    }
}
