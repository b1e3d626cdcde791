package dev.assay.server;

import static java.util.Objects.requireNonNull;

import dev.assay.journal.Journal;
import dev.assay.spi.Reading;
import dev.assay.verdict.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Continuous mode: before each experiment, checks the freeze, the allowed windows and the day's pace; runs one
 * experiment through {@link Experiments} (which re-discovers, sets stale intents aside and runs the best candidate
 * through the campaign, so the next plan starts from the updated belief); waits the gap; repeats. Every decision is
 * journaled ({@link Journal#recordDecision}); a SKIPPED or FROZEN decision is written when its reason changes, not
 * at every recheck. Time comes from the {@link Clock} and waiting from the {@link Waiter}, so a test can drive a
 * simulated week without sleeping.
 */
public final class Scheduler {
    /** Waits until {@code t}; false when the scheduler should stop instead. */
    @FunctionalInterface
    public interface Waiter {
        boolean until(Instant t);
    }

    /** One step of continuous mode: re-discover, re-plan, run at most one experiment. */
    @FunctionalInterface
    public interface Experiments {
        Step next();
    }

    /** What one step did. */
    public sealed interface Step permits Step.Ran, Step.Nothing {
        record Ran(Outcome outcome, String why) implements Step {
            public Ran {
                requireNonNull(outcome, "outcome");
                requireNonNull(why, "why");
            }
        }

        record Nothing(String why) implements Step {
            public Nothing {
                requireNonNull(why, "why");
            }
        }
    }

    private final Clock clock;
    private final Waiter waiter;
    private final Schedule schedule;
    private final Freeze freeze;
    private final Journal journal;
    private final Supplier<Reading> remainingBudget;
    private final Experiments experiments;
    private volatile boolean stopped;
    private String lastSkip = "";

    private Scheduler(Clock clock, Waiter waiter, Schedule schedule, Freeze freeze, Journal journal, Supplier<Reading> remainingBudget,
                      Experiments experiments) {
        this.clock = clock;
        this.waiter = waiter;
        this.schedule = schedule;
        this.freeze = freeze;
        this.journal = journal;
        this.remainingBudget = remainingBudget;
        this.experiments = experiments;
    }

    /** {@code remainingBudget}: the smallest remaining error budget over the journeys (0..1), as the pre-flight gate reads it. */
    public static Scheduler create(Clock clock, Waiter waiter, Schedule schedule, Freeze freeze, Journal journal, Supplier<Reading> remainingBudget,
                                   Experiments experiments) {
        return new Scheduler(requireNonNull(clock, "clock"), requireNonNull(waiter, "waiter"), requireNonNull(schedule, "schedule"),
                requireNonNull(freeze, "freeze"), requireNonNull(journal, "journal"), requireNonNull(remainingBudget, "remainingBudget"),
                requireNonNull(experiments, "experiments"));
    }

    /** A waiter that sleeps on the system clock until {@code t} or until {@link #stop()}. */
    public static Waiter sleeping(Clock clock, java.util.function.BooleanSupplier stopped) {
        return t -> {
            while (!stopped.getAsBoolean()) {
                long ms = java.time.Duration.between(clock.instant(), t).toMillis();
                if (ms <= 0) return true;
                try {
                    Thread.sleep(Math.min(ms, 500));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        };
    }

    public void stop() {
        stopped = true;
    }

    public boolean stopped() {
        return stopped;
    }

    /** Runs until {@link #stop()} or the waiter says stop. */
    public void run() {
        while (!stopped && waiter.until(once())) {
            // once() decided and said when to look again
        }
    }

    /** One decision at the clock's now; returns when to decide next. */
    Instant once() {
        Instant now = clock.instant();
        Optional<String> frozen = freeze.status().why();
        if (frozen.isPresent()) {
            skip("FROZEN", frozen.get(), now);
            return now.plus(schedule.recheck());
        }
        if (!schedule.allows(now)) {
            Instant open = schedule.nextOpen(now);
            skip("SKIPPED", "outside the allowed windows " + schedule.windows() + "; the next opens at " + open, now);
            return open;
        }
        Optional<String> paced = paced(now);
        if (paced.isPresent()) {
            skip("SKIPPED", paced.get(), now);
            return earliest(now.plus(schedule.recheck()), schedule.nextDay(now));
        }
        Step step = experiments.next();
        Instant after = clock.instant();
        switch (step) {
            case Step.Ran r -> {
                lastSkip = "";
                journal.recordDecision(ran(r.outcome(), r.why()));
            }
            case Step.Nothing n -> skip("SKIPPED", n.why(), after);
        }
        return after.plus(schedule.gap());
    }

    /** The RAN decision of {@code o}: why it was chosen, its verdict (and why, when nothing was learned) and the budget it spent. */
    static Journal.Decision ran(Outcome o, String why) {
        String verdict = o.verdict() instanceof dev.assay.verdict.Verdict.Inconclusive i ? "INCONCLUSIVE (" + i.reason() + "; nothing learned)"
                : o.verdict().kind();
        return new Journal.Decision(o.startedAt(), "RAN", Optional.of(o.intentId()), Optional.of(o.experimentId()), why + "; verdict " + verdict
                + String.format(Locale.ROOT, ", %.4f%% of the error budget spent", 100 * o.budgetConsumed()));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * Why the day's pace forbids another experiment: the budget spent on experiments since the day began has reached
     * {@code pace} × the budget that remained when it began (remaining now + spent today). Unknown budget: no experiment.
     */
    Optional<String> paced(Instant now) {
        Instant day = schedule.startOfDay(now);
        double spent = journal.outcomes().stream().filter(o -> !o.startedAt().isBefore(day)).mapToDouble(Outcome::budgetConsumed).sum();
        Reading remaining = remainingBudget.get();
        if (!(remaining instanceof Reading.Known k)) {
            return Optional.of("pace: the remaining error budget cannot be read (" + ((Reading.Unknown) remaining).reason() + ")");
        }
        double allowance = schedule.pace() * (k.value() + spent);
        if (spent < allowance) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "pace: experiments spent %.4f%% of the error budget today, the day's allowance is %.4f%%"
                + " (%.1f%% of the %.4f%% that remained when the day began); the next day begins at %s", 100 * spent, 100 * allowance,
                100 * schedule.pace(), 100 * (k.value() + spent), schedule.nextDay(now)));
    }

    private void skip(String action, String why, Instant at) {
        String key = action + why;
        if (key.equals(lastSkip)) return;
        lastSkip = key;
        journal.recordDecision(new Journal.Decision(at, action, Optional.empty(), Optional.empty(), why));
    }
}
