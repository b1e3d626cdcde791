package dev.assay.runner;

import dev.assay.journal.Journal;
import dev.assay.model.FaultType;
import dev.assay.spi.Injector;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the next run does after a crash: every experiment the journal shows as started and never finished is
 * marked INTERRUPTED, after checking that each of its faults not recorded as removed is gone (its lease
 * expired), waiting up to one lease TTL for that, and removing leftovers if the backend still has them.
 */
public final class Recovery {
    private Recovery() {
    }

    /**
     * One recovered experiment: its id, the phase it died in (or, for an earlier run's unconfirmed removal, its
     * final state), what happened to its faults, and whether it was interrupted (marked INTERRUPTED now) or had
     * finished with a removal that could not be confirmed.
     */
    public record Recovered(String experimentId, String lastState, List<String> faults, boolean allGone, boolean interrupted) {
        public Recovered {
            faults = List.copyOf(faults);
        }
    }

    /**
     * Marks every unfinished experiment INTERRUPTED after checking its open faults are gone, then checks the open
     * faults of finished experiments whose removal could not be confirmed (and records each one found gone).
     */
    public static List<Recovered> recoverUnfinished(Journal journal, List<Injector> injectors, Clock clock, Duration leaseTtl) {
        List<Recovered> result = new ArrayList<>();
        for (Journal.Unfinished u : journal.unfinished()) {
            List<String> notes = new ArrayList<>();
            boolean allGone = verify(journal, u, injectors, clock, leaseTtl, notes);
            String reason = "interrupted: the runner stopped during " + u.lastState() + " without finishing; "
                    + (u.openFaults().isEmpty() ? "no faults were open" : String.join("; ", notes));
            Instant now = clock.instant();
            if (journal.outcome(u.experimentId()).isEmpty()) {
                journal.recordOutcome(new Outcome(u.experimentId(), u.intentId(), new Verdict.Aborted(reason, List.of()), Optional.of(reason),
                        Optional.empty(), List.of(), List.of(), List.of(), 0, 0, 0, u.startedAt(), now.isBefore(u.startedAt()) ? u.startedAt() : now));
            }
            journal.finishExperiment(u.experimentId(), Phase.INTERRUPTED.name(), reason, clock.instant());
            result.add(new Recovered(u.experimentId(), u.lastState(), notes, allGone, true));
        }
        for (Journal.Unfinished u : journal.unconfirmedRemovals()) {
            List<String> notes = new ArrayList<>();
            boolean allGone = verify(journal, u, injectors, clock, leaseTtl, notes);
            result.add(new Recovered(u.experimentId(), u.lastState(), notes, allGone, false));
        }
        return result;
    }

    /** Checks each open fault of {@code u} is gone (removing leftovers); journals the ones gone; true when all are. */
    private static boolean verify(Journal journal, Journal.Unfinished u, List<Injector> injectors, Clock clock, Duration leaseTtl, List<String> notes) {
        boolean allGone = true;
        for (Journal.FaultEntry f : u.openFaults()) {
            Optional<Verifiable> v = FaultType.byId(f.type())
                    .flatMap(t -> injectors.stream().filter(i -> i.supports().contains(t)).findFirst())
                    .filter(Verifiable.class::isInstance).map(Verifiable.class::cast);
            boolean gone = v.map(ver -> waitGone(ver, f, clock, leaseTtl)).orElseGet(() -> waitExpired(f, clock, leaseTtl));
            if (!gone && v.isPresent()) {
                try {
                    v.get().removeLeftover(f.target(), f.leaseId());
                    gone = v.get().gone(f.target(), f.leaseId());
                } catch (RuntimeException e) {
                    notes.add(f.key() + ": could not remove the leftover: " + e.getMessage());
                }
            }
            notes.add(f.key() + " (" + f.type() + " on " + f.target() + "): " + (gone
                    ? (v.isPresent() ? "verified gone" : "lease expired (no injector to verify with)") : "STILL IN EFFECT"));
            if (gone) journal.faultRemoved(u.experimentId(), f.key(), clock.instant());
            allGone &= gone;
        }
        return allGone;
    }

    private static boolean waitGone(Verifiable v, Journal.FaultEntry f, Clock clock, Duration ttl) {
        Instant deadline = clock.instant().plus(ttl).plusSeconds(1);
        while (true) {
            try {
                if (v.gone(f.target(), f.leaseId())) return true;
            } catch (RuntimeException e) {
                // the backend cannot be asked; if it is down, so are its faults, but keep asking until the deadline
            }
            if (!clock.instant().isBefore(deadline)) return false;
            sleep(100);
        }
    }

    private static boolean waitExpired(Journal.FaultEntry f, Clock clock, Duration ttl) {
        // without a way to ask, the fault is gone once the longest possible lease has run out
        Instant safe = clock.instant().plus(ttl);
        while (clock.instant().isBefore(safe)) sleep(100);
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
