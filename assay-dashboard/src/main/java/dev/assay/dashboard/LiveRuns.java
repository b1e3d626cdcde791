package dev.assay.dashboard;

import static java.util.Objects.requireNonNull;

import dev.assay.model.AbortCondition;
import dev.assay.model.Magnitude;
import dev.assay.runner.ExperimentListener;
import dev.assay.runner.Guard;
import dev.assay.runner.Phase;
import dev.assay.verdict.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live run as the runner reports it: register it as (or forward to it from) the runner's {@link ExperimentListener},
 * and {@link #current()} is what {@link DashboardModel#live()} returns. Its {@link #stop()} calls the stop action it was
 * created with (the runner's {@code stop()}, which rolls the experiment back) while an experiment is live. Listener calls
 * only swap an immutable snapshot, so they never block the runner.
 */
public final class LiveRuns implements ExperimentListener {
    static final int MAX_SAMPLES = 240;

    private final Clock clock;
    private final Runnable stopAction;
    private final AtomicReference<Optional<LiveRun>> current = new AtomicReference<>(Optional.empty());
    private final AtomicReference<ArrayDeque<LiveRun.Sample>> samples = new AtomicReference<>(new ArrayDeque<>());
    private final List<Runnable> watchers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private LiveRuns(Clock clock, Runnable stopAction) {
        this.clock = clock;
        this.stopAction = stopAction;
    }

    /** Tracks the runner's experiments; {@code stopAction} stops the running one (e.g. {@code runner::stop}). */
    public static LiveRuns create(Clock clock, Runnable stopAction) {
        return new LiveRuns(requireNonNull(clock, "clock"), requireNonNull(stopAction, "stopAction"));
    }

    /** The experiment running now; empty between experiments. */
    public Optional<LiveRun> current() {
        return current.get();
    }

    /**
     * Calls {@code onChange} after every change of {@link #current()} until the handle is closed (what
     * {@link DashboardModel#onLiveChange} returns). It runs on the runner's thread: it must only signal, never block; one
     * that throws is dropped.
     */
    public AutoCloseable subscribe(Runnable onChange) {
        requireNonNull(onChange, "onChange");
        watchers.add(onChange);
        return () -> watchers.remove(onChange);
    }

    private void changed() {
        for (Runnable w : watchers) {
            try {
                w.run();
            } catch (RuntimeException e) {
                watchers.remove(w);
            }
        }
    }

    /** Calls the stop action when an experiment is live; false (and nothing done) otherwise. */
    public boolean stop() {
        if (current.get().isEmpty()) return false;
        stopAction.run();
        return true;
    }

    @Override
    public void experimentStarted(String experimentId, String intentId) {
        samples.set(new ArrayDeque<>());
        current.set(Optional.of(new LiveRun(experimentId, intentId, Phase.PLANNED, "", clock.instant(), List.of(), Optional.empty(), List.of(),
                Optional.empty())));
        changed();
    }

    @Override
    public void phaseEntered(String experimentId, Phase phase, String detail) {
        update(experimentId, r -> phase.isEnd() ? null : new LiveRun(r.experimentId(), r.intentId(), phase, detail, r.startedAt(), r.guards(),
                phase == Phase.INJECTING ? r.timeLeft() : Optional.empty(), r.samples(), r.breach()));
    }

    @Override
    public void guardsArmed(String experimentId, List<Guard> guards, Map<String, Double> baselines) {
        List<LiveRun.GuardValue> values = new ArrayList<>();
        for (Guard g : guards) {
            AbortCondition c = g.condition();
            double t = c.threshold().value();
            double base = baselines.getOrDefault(c.sli(), 0.0);
            double threshold = switch (c.trigger()) {
                case ABOVE, BELOW -> t;
                case DROPS_BY -> base * (1 - t);
                case RISES_BY -> base * (1 + t);
            };
            boolean above = c.trigger() == AbortCondition.Trigger.ABOVE || c.trigger() == AbortCondition.Trigger.RISES_BY;
            values.add(new LiveRun.GuardValue(g, threshold, above, OptionalDouble.empty(), Optional.empty()));
        }
        update(experimentId, r -> new LiveRun(r.experimentId(), r.intentId(), r.phase(), r.detail(), r.startedAt(), values, r.timeLeft(),
                r.samples(), r.breach()));
    }

    @Override
    public void guardsEvaluated(String experimentId, Map<String, Double> values, Magnitude level, Duration timeLeft) {
        Instant now = clock.instant();
        ArrayDeque<LiveRun.Sample> next = new ArrayDeque<>(samples.get());
        next.addLast(new LiveRun.Sample(now, values));
        while (next.size() > MAX_SAMPLES) next.removeFirst();
        samples.set(next);
        update(experimentId, r -> new LiveRun(r.experimentId(), r.intentId(), r.phase(), r.detail(), r.startedAt(), r.guards().stream()
                .map(g -> values.containsKey(g.sli()) ? g.read(values.get(g.sli()), now) : g).toList(), Optional.of(timeLeft), List.copyOf(next), r.breach()));
    }

    @Override
    public void guardBreached(String experimentId, String reason) {
        update(experimentId, r -> new LiveRun(r.experimentId(), r.intentId(), r.phase(), r.detail(), r.startedAt(), r.guards(), r.timeLeft(),
                r.samples(), Optional.of(reason)));
    }

    @Override
    public void outcomeRecorded(Outcome outcome) {
        update(outcome.experimentId(), r -> null);
    }

    private void update(String experimentId, java.util.function.UnaryOperator<LiveRun> change) {
        current.updateAndGet(cur -> cur.filter(r -> r.experimentId().equals(experimentId)).map(change).or(() -> cur
                .filter(r -> !r.experimentId().equals(experimentId))));
        changed();
    }
}
