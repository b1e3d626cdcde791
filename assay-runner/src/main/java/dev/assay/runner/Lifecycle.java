package dev.assay.runner;

import dev.assay.journal.Journal;
import dev.assay.model.Expectation;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.Magnitude;
import dev.assay.safety.PreflightDecision;
import dev.assay.safety.PreflightInput;
import dev.assay.spi.Injector;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import dev.assay.verdict.BlastRadii;
import dev.assay.verdict.Measurement;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import dev.assay.verdict.VerdictPolicy;
import dev.assay.verdict.Verdicts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/** One experiment's way through the phases. Every transition is journaled before its action. */
final class Lifecycle {
    private final Journal journal;
    private final SliSource sli;
    private final MeasurementSource measurements;
    private final ErrorBudget budget;
    private final Map<FaultType, Injector> injectors;
    private final Clock clock;
    private final RunnerSettings settings;
    private final Verdicts verdicts;
    private final ExperimentListener listener;
    private final BeliefUpdater beliefs;
    private final BooleanSupplier stopRequested;
    private final GuardLoop guardLoop;
    private final RunningExperiments running = new RunningExperiments();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    /** What each running experiment measured, level by level, and the level it injected last (where a guard tripped). */
    private final LevelSlis levelSlis = new LevelSlis();
    private final EdgeWatch edges;
    /** This runner's name on the journal's experiment lease, and how long to wait while another controller holds it. */
    private final String holder;
    private final Duration leaseWait;
    private final Map<String, Set<String>> edgesBefore = new ConcurrentHashMap<>();

    Lifecycle(Journal journal, SliSource sli, MeasurementSource measurements, ErrorBudget budget, Map<FaultType, Injector> injectors,
              Clock clock, RunnerSettings settings, VerdictPolicy policy, ExperimentListener listener, BeliefUpdater beliefs,
              BooleanSupplier stopRequested, EdgeWatch edges, String holder, Duration leaseWait) {
        this.edges = edges;
        this.holder = holder;
        this.leaseWait = leaseWait;
        this.journal = journal;
        this.sli = sli;
        this.measurements = measurements;
        this.budget = budget;
        this.injectors = injectors;
        this.clock = clock;
        this.settings = settings;
        this.verdicts = Verdicts.create(policy);
        this.listener = listener;
        this.beliefs = beliefs;
        this.stopRequested = stopRequested;
        this.guardLoop = new GuardLoop(sli, clock, settings.guardPeriod(), settings.guardWindow());
    }

    Outcome run(Experiment x) {
        inFlight.incrementAndGet();
        try {
            return runCounted(x);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private Outcome runCounted(Experiment x) {
        Instant started = clock.instant();
        Intent intent = x.intent();
        journal.startExperiment(x.id(), intent.id(), x.predictedBlastRadius(), started);
        journal.recordTopology(x.id(), TopologyFingerprint.of(x.known()));
        listener.experimentStarted(x.id(), intent.id());

        Optional<ExperimentLock> lock = ExperimentLock.take(journal, holder, x.id(), clock, settings.leaseTtl(), leaseWait, stopRequested);
        if (lock.isEmpty()) {
            String reason = "skipped: " + ExperimentLock.heldBy(journal) + "; waited " + leaseWait + " (experiments on one journal never overlap)";
            return end(x, started, new Verdict.Aborted(reason, List.of()), Optional.of(reason), Optional.empty(), List.of(), 0, Phase.ABORTED);
        }
        try (ExperimentLock held = lock.get()) { // before the pre-flight: it must not see another controller's faults
            enter(x, Phase.PREFLIGHT, "");
            Reading budgetBefore = budget.remaining(intent.targetBehavior());
            PreflightDecision decision = running.admit(x, preflightInput(x, budgetBefore));
            if (decision instanceof PreflightDecision.Refused refused) {
                return end(x, started, new Verdict.Aborted("pre-flight refused: " + refused.reason(), List.of()),
                        Optional.of("pre-flight refused: " + refused.reason()), Optional.empty(), List.of(), 0, Phase.ABORTED);
            }
            try (FaultSet faults = new FaultSet(x.id(), journal, clock, settings.leaseTtl(), injectors, listener)) {
                return inject(x, started, budgetBefore, faults);
            } finally {
                running.finished(x);
            }
        }
    }

    private Outcome inject(Experiment x, Instant started, Reading budgetBefore, FaultSet faults) {
        Intent intent = x.intent();
        enter(x, Phase.BASELINE, settings.baseline().toString());
        edgesBefore.put(x.id(), edges.seen());
        Instant b0 = clock.instant();
        if (!sleepUntil(b0.plus(settings.baseline()))) {
            return end(x, started, new Verdict.Aborted("stopped by the operator during the baseline", List.of()),
                    Optional.of("stopped by the operator during the baseline"), Optional.empty(), List.of(), 0, Phase.ABORTED);
        }
        Instant b1 = clock.instant();
        Map<String, Double> guardBaselines = new HashMap<>();
        for (Guard g : x.guards()) {
            Reading r = sli.read(g.condition().sli(), Duration.between(b0, b1).plus(settings.guardWindow()));
            if (r instanceof Reading.Unknown u) {
                String reason = "guard " + g.describe() + " has no baseline (" + u.reason() + "); failing closed";
                return end(x, started, new Verdict.Aborted(reason, List.of()), Optional.of(reason), Optional.empty(), List.of(), 0, Phase.ABORTED);
            }
            guardBaselines.put(g.condition().sli(), ((Reading.Known) r).value());
        }
        Window baseline = new Window(b0, b1);
        measureBaseline(x, baseline);
        levelSlis.baseline(x.id(), OutcomeSlis.read(sli, OutcomeSlis.subjects(x), Duration.between(b0, b1)));

        Levels.Result result;
        try {
            result = Levels.walk(x, level -> runLevel(x, level, faults, guardBaselines, baseline), this::removeBetweenLevels, faults);
        } catch (RuntimeException e) {
            String reason = "injection failed: " + e.getMessage();
            Rollback rb = rollBack(x, faults, reason, clock.instant());
            return end(x, started, new Verdict.Aborted(reason + rb.text(), List.of()), Optional.of(reason + rb.text()), rb.latency(),
                    List.of(), consumed(budgetBefore, intent), Phase.ABORTED);
        }

        if (result.breach().isPresent()) {
            GuardLoop.Breach breach = result.breach().get();
            listener.guardBreached(x.id(), breach.reason());
            Rollback rb = rollBack(x, faults, breach.reason(), breach.observedAt());
            List<String> actual = result.lastWindow().map(w -> affected(x, baseline, w)).orElse(List.of());
            return end(x, started, new Verdict.Aborted(breach.reason() + rb.text(), result.lastVerdict().map(Verdict::evidence).orElse(List.of())),
                    Optional.of(breach.reason() + rb.text()), rb.latency(), actual, consumed(budgetBefore, intent), Phase.ABORTED);
        }
        Rollback rb = rollBack(x, faults, "", clock.instant());
        Verdict v = result.lastVerdict().orElseThrow();
        List<String> actual = result.decisiveWindow().map(w -> affected(x, baseline, w)).orElse(List.of());
        if (!rb.problems().isEmpty()) {
            String reason = "removal could not be confirmed" + rb.text();
            return end(x, started, new Verdict.Aborted(reason, v.evidence()), Optional.of(reason), Optional.empty(), actual,
                    consumed(budgetBefore, intent), Phase.ABORTED);
        }
        return end(x, started, v, Optional.empty(), Optional.empty(), actual, consumed(budgetBefore, intent), Phase.DONE);
    }

    /** Applies one level, watches the guards for the level's duration, and judges the window. */
    private Levels.LevelRun runLevel(Experiment x, Magnitude level, FaultSet faults, Map<String, Double> guardBaselines, Window baseline) {
        enter(x, Phase.INJECTING, "level " + level.describe());
        levelSlis.started(x.id(), level);
        faults.apply(x.intent().fault(), level, x.intent().safety().exclusionZones());
        Instant d0 = clock.instant();
        Duration left = x.intent().safety().maxDuration().minus(Duration.between(journalStart(x), d0));
        Duration length = left.compareTo(settings.levelDuration()) < 0 ? left : settings.levelDuration();
        if (length.isNegative() || length.isZero()) {
            return new Levels.LevelRun(level, Optional.of(new GuardLoop.Breach("maxDuration " + x.intent().safety().maxDuration() + " reached",
                    clock.instant())), Optional.empty(), Optional.empty());
        }
        listener.guardsArmed(x.id(), x.guards(), java.util.Collections.unmodifiableMap(new HashMap<>(guardBaselines)));
        Optional<GuardLoop.Breach> breach = guardLoop.watch(x.id(), x.guards(), guardBaselines, d0.plus(length), faults, stopRequested, level, listener);
        Window during = new Window(d0, clock.instant());
        affectedCache.put(during, observedBlastRadius(x, baseline, during)); // now, while windows ending now can still be read
        levelSlis.measured(x.id(), OutcomeSlis.read(sli, OutcomeSlis.subjects(x), Duration.between(d0, during.to())));
        if (breach.isPresent()) return new Levels.LevelRun(level, breach, Optional.empty(), Optional.of(during));
        return new Levels.LevelRun(level, Optional.empty(), Optional.of(judge(x.intent(), baseline, during)), Optional.of(during));
    }

    /**
     * What a rollback really did: the abort latency (breach observed → every fault removed) only when every
     * removal was confirmed; otherwise no latency, and each unconfirmed removal with its lease's expiry.
     */
    record Rollback(Optional<Duration> latency, List<String> problems) {
        String text() {
            return problems.isEmpty() ? "" : "; " + String.join("; ", problems);
        }
    }

    private Rollback rollBack(Experiment x, FaultSet faults, String reason, Instant observedAt) {
        enter(x, Phase.ROLLBACK, reason);
        faults.removeAll();
        List<String> problems = faults.unconfirmed();
        if (problems.isEmpty()) {
            Duration latency = Duration.between(observedAt, clock.instant());
            listener.rolledBack(x.id(), latency);
            recover(x);
            return new Rollback(Optional.of(latency), List.of());
        }
        String detail = "removal could not be confirmed; " + String.join("; ", problems) + "; the next run verifies it is gone";
        journal.transition(x.id(), Phase.ROLLBACK.name(), detail, clock.instant());
        listener.rollbackUnconfirmed(x.id(), problems);
        recover(x);
        return new Rollback(Optional.empty(), problems);
    }

    private void removeBetweenLevels(Experiment x, FaultSet faults) {
        journal.transition(x.id(), Phase.INJECTING.name(), "removing the level before the next", clock.instant());
        if (!faults.removeAll().isEmpty()) throw new RunnerException("the level's fault could not be removed before the next level");
    }

    private Instant journalStart(Experiment x) {
        return journal.transitions(x.id()).get(0).at();
    }

    /** Measured as the baseline window closes: some sources (Prometheus) can only read windows ending now. */
    private final Map<String, Optional<Measurement>> baselineCache = new ConcurrentHashMap<>();

    private void measureBaseline(Experiment x, Window baseline) {
        baselineCache.clear();
        List<String> slis = new java.util.ArrayList<>(x.intent().expect().stream().map(Expectation::sli).toList());
        x.watchedServices().values().forEach(slis::addAll);
        slis.addAll(x.recoverySlis());
        for (String s : slis) baselineCache.put(s, measurements.measure(s, baseline.from(), baseline.to()));
    }

    private Optional<Measurement> baselineOf(String sli, Window baseline) {
        Optional<Measurement> cached = baselineCache.getOrDefault(sli, Optional.empty());
        return cached.isPresent() ? cached : measurements.measure(sli, baseline.from(), baseline.to());
    }

    private Verdict judge(Intent intent, Window baseline, Window during) {
        Map<String, dev.assay.verdict.MeasurementPair> observed = new HashMap<>();
        for (Expectation e : intent.expect()) {
            // a fault on every request has no control cohort: a "control" sample then is a request that was in flight as the fault went on
            Optional<MeasurementSource.Cohorts> cohorts = intent.fault().scope().percent() < 100
                    ? measurements.cohorts(e.sli(), during.from(), during.to()) : Optional.empty();
            if (cohorts.isPresent()) {
                observed.put(e.sli(), dev.assay.verdict.MeasurementPair.againstControl(cohorts.get().control(), cohorts.get().faulted()));
                continue;
            }
            var b = baselineOf(e.sli(), baseline);
            var d = measurements.measure(e.sli(), during.from(), during.to());
            if (b.isPresent() && d.isPresent() && b.get().getClass() == d.get().getClass()) {
                observed.put(e.sli(), dev.assay.verdict.MeasurementPair.againstBaseline(b.get(), d.get()));
            }
        }
        return verdicts.decide(intent.expect(), observed);
    }

    private final Map<Window, List<String>> affectedCache = new ConcurrentHashMap<>();

    private List<String> affected(Experiment x, Window baseline, Window during) {
        List<String> cached = affectedCache.remove(during);
        return cached != null ? cached : observedBlastRadius(x, baseline, during);
    }

    private List<String> observedBlastRadius(Experiment x, Window baseline, Window during) {
        Set<String> affected = new LinkedHashSet<>();
        x.watchedServices().forEach((service, slis) -> {
            for (String s : slis) {
                var b = baselineOf(s, baseline);
                var d = measurements.measure(s, during.from(), during.to());
                if (b.isEmpty() || d.isEmpty() || b.get().getClass() != d.get().getClass()) continue;
                boolean higherIsWorse = s.contains(".errors") || s.contains(".latency") || s.contains("error");
                if (verdicts.deviated(dev.assay.verdict.MeasurementPair.againstBaseline(b.get(), d.get()), Verdicts.percentileOf(s), higherIsWorse)) {
                    affected.add(service);
                }
            }
        });
        return List.copyOf(affected);
    }

    /** No experiment is running: every fault applied was removed (or reported unconfirmed) and the outcome journaled. */
    boolean idle() {
        return inFlight.get() == 0;
    }

    /**
     * Waits (up to the recovery timeout) until the intent's criteria hold again and every recovery SLI (every
     * journey's) is back within its baseline's spread, so the next experiment does not start on this one's
     * after-effects; journals which SLIs were not back when they were not.
     */
    private void recover(Experiment x) {
        if (stopRequested.getAsBoolean()) { // the operator wants out: check once, do not wait (exit after Ctrl-C is bounded)
            boolean steady = x.intent().steadyState().stream().allMatch(e ->
                    sli.read(e.sli(), settings.recentWindow()) instanceof Reading.Known k && e.holds(k.value()));
            enter(x, Phase.RECOVERY, steady ? "steady state verified (checked once: stopped by the operator)"
                    : "steady state NOT verified: stopped by the operator, checked once without waiting");
            return;
        }
        enter(x, Phase.RECOVERY, "waiting up to " + settings.recoveryTimeout() + " for the steady state"
                + (x.recoverySlis().isEmpty() ? "" : " and every journey back within its baseline's spread"));
        List<SteadyState.Band> bands = new java.util.ArrayList<>();
        for (String s : x.recoverySlis()) baselineCache.getOrDefault(s, Optional.empty()).flatMap(m -> SteadyState.of(s, m)).ifPresent(bands::add);
        Instant deadline = clock.instant().plus(settings.recoveryTimeout());
        while (true) {
            List<String> notBack = new java.util.ArrayList<>();
            for (Expectation e : x.intent().steadyState()) {
                Reading r = sli.read(e.sli(), settings.recentWindow());
                if (!(r instanceof Reading.Known k && e.holds(k.value()))) notBack.add(e.sli() + " not " + e.comparison().id() + " " + e.threshold());
            }
            for (SteadyState.Band band : bands) {
                Reading r = sli.read(band.sli(), settings.recentWindow());
                if (!(r instanceof Reading.Known k)) notBack.add(band.sli() + " cannot be read");
                else if (!band.holds(k.value())) notBack.add(band.describe(k.value()));
            }
            if (notBack.isEmpty()) {
                journal.transition(x.id(), Phase.RECOVERY.name(), "steady state verified" + (bands.isEmpty() ? ""
                        : "; every journey within its baseline's spread (" + bands.size() + " SLIs)"), clock.instant());
                return;
            }
            if (!clock.instant().isBefore(deadline)) {
                String detail = "steady state NOT verified within " + settings.recoveryTimeout() + ": " + String.join("; ", notBack);
                journal.transition(x.id(), Phase.RECOVERY.name(), detail, clock.instant());
                listener.phaseEntered(x.id(), Phase.RECOVERY, detail);
                return;
            }
            try {
                Thread.sleep(settings.guardPeriod().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Outcome end(Experiment x, Instant started, Verdict verdict, Optional<String> abortReason, Optional<Duration> abortLatency,
                        List<String> actual, double consumed, Phase end) {
        List<String> discovered = new java.util.ArrayList<>(BlastRadii.discovered(actual, x.known().isEmpty() ? Set.copyOf(actual) : x.known()));
        Set<String> before = edgesBefore.remove(x.id());
        if (before != null) edges.seen().stream().filter(e -> !before.contains(e) && !x.known().contains(e) && !discovered.contains(e))
                .sorted().forEach(discovered::add);
        LevelSlis.Measured m = levelSlis.remove(x.id());
        List<OutcomeSlis.Subject> subjects = OutcomeSlis.subjects(x);
        Outcome draft = new Outcome(x.id(), x.intent().id(), verdict, abortReason, abortLatency, x.predictedBlastRadius(), actual, discovered,
                BlastRadii.predictionError(x.predictedBlastRadius(), actual), consumed, 0, started, clock.instant(),
                OutcomeSlis.pair(subjects, m.baseline(), m.lastWindow()));
        double bits = beliefs.update(x, draft, m.lastStarted()); // the learner decides what is evidence
        for (LevelSlis.Level level : m.earlier()) { // a ramp's or search's earlier levels teach the mechanisms too
            bits += beliefs.learnLevel(x, level.magnitude(), OutcomeSlis.pair(subjects, m.baseline(), level.slis()));
        }
        Outcome outcome = new Outcome(draft.experimentId(), draft.intentId(), verdict, abortReason, abortLatency, draft.predictedBlastRadius(),
                actual, discovered, draft.predictionError(), consumed, bits, started, draft.endedAt(), draft.measured());
        journal.recordOutcome(outcome);
        journal.recordBeliefs(x.id(), beliefs.snapshotJson(), clock.instant());
        journal.finishExperiment(x.id(), end.name(), clock.instant());
        listener.phaseEntered(x.id(), end, verdict.kind());
        listener.outcomeRecorded(outcome);
        return outcome;
    }

    private PreflightInput preflightInput(Experiment x, Reading budgetRemaining) {
        Intent intent = x.intent();
        Map<String, Reading> recent = new HashMap<>();
        Map<String, Reading> steady = new HashMap<>();
        for (Expectation e : intent.steadyState()) {
            recent.put(e.sli(), sli.read(e.sli(), settings.recentWindow()));
            Duration steadyWindow = intent.safety().minSteadyState().isZero() ? settings.recentWindow() : intent.safety().minSteadyState();
            steady.put(e.sli(), sli.read(e.sli(), steadyWindow));
        }
        Map<String, Reading> guards = new HashMap<>();
        for (Guard g : x.guards()) guards.put(g.condition().sli(), sli.read(g.condition().sli(), settings.guardWindow()));
        return new PreflightInput(intent, budgetRemaining, x.expectedCost(), recent, steady, guards, x.predictedBlastRadius(), List.of());
    }

    private double consumed(Reading before, Intent intent) {
        Reading after = budget.remaining(intent.targetBehavior());
        if (before instanceof Reading.Known b && after instanceof Reading.Known a) return Math.max(0, b.value() - a.value());
        return 0;
    }

    private void enter(Experiment x, Phase phase, String detail) {
        journal.transition(x.id(), phase.name(), detail, clock.instant());
        listener.phaseEntered(x.id(), phase, detail);
    }

    private boolean sleepUntil(Instant until) {
        while (clock.instant().isBefore(until)) {
            if (stopRequested.getAsBoolean()) return false;
            try {
                Thread.sleep(Math.min(settings.guardPeriod().toMillis(), Math.max(1, Duration.between(clock.instant(), until).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !stopRequested.getAsBoolean();
    }

    record Window(Instant from, Instant to) {
    }
}
