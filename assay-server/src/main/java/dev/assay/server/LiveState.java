package dev.assay.server;

import dev.assay.model.Magnitude;
import dev.assay.runner.Experiment;
import dev.assay.runner.ExperimentListener;
import dev.assay.runner.Guard;
import dev.assay.runner.Phase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Keeps the {@link LiveRun} current from the runner's events and tells subscribers (the SSE stream). */
final class LiveState implements ExperimentListener {
    private final Clock clock;
    private final List<Consumer<LiveRun>> subscribers = new CopyOnWriteArrayList<>();
    private volatile Optional<LiveRun> live = Optional.empty();
    private volatile Optional<Experiment> experiment = Optional.empty();
    private long seq;

    LiveState(Clock clock) {
        this.clock = clock;
    }

    Optional<LiveRun> live() {
        return live;
    }

    AutoCloseable subscribe(Consumer<LiveRun> listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    /** The experiment the campaign chose, before the runner starts it. */
    synchronized void chosen(Experiment x) {
        experiment = Optional.of(x);
        List<LiveRun.GuardValue> guards = new ArrayList<>();
        for (Guard g : x.guards()) {
            guards.add(new LiveRun.GuardValue(g.condition().sli(), g.origin(), g.condition().trigger().id(), g.condition().threshold().value(),
                    g.condition().threshold().unit().name().toLowerCase(Locale.ROOT), Optional.empty(), Optional.empty()));
        }
        publish(new LiveRun(0, x.id(), x.intent().id(), Phase.PLANNED.name(), "chosen", guards, Optional.empty(), clock.instant()));
    }

    @Override
    public synchronized void phaseEntered(String experimentId, Phase phase, String detail) {
        live.filter(l -> l.experimentId().equals(experimentId)).ifPresent(l -> publish(new LiveRun(0, l.experimentId(), l.intentId(), phase.name(),
                detail, l.guards(), phase == Phase.INJECTING ? l.secondsLeft() : Optional.empty(), clock.instant())));
    }

    @Override
    public synchronized void guardsEvaluated(String experimentId, Map<String, Double> values, Magnitude level, Duration timeLeft) {
        live.filter(l -> l.experimentId().equals(experimentId)).ifPresent(l -> {
            var now = clock.instant();
            List<LiveRun.GuardValue> guards = l.guards().stream().map(g -> values.containsKey(g.sli())
                    ? new LiveRun.GuardValue(g.sli(), g.origin(), g.trigger(), g.threshold(), g.unit(), Optional.of(values.get(g.sli())), Optional.of(now))
                    : g).toList();
            publish(new LiveRun(0, l.experimentId(), l.intentId(), l.phase(), l.detail(), guards, Optional.of(timeLeft.toMillis() / 1000.0), now));
        });
    }

    @Override
    public void guardBreached(String experimentId, String reason) {
        phaseEntered(experimentId, Phase.ROLLBACK, reason);
    }

    private void publish(LiveRun next) {
        LiveRun numbered = new LiveRun(++seq, next.experimentId(), next.intentId(), next.phase(), next.detail(), next.guards(), next.secondsLeft(),
                next.updatedAt());
        live = Optional.of(numbered);
        for (Consumer<LiveRun> s : subscribers) {
            try {
                s.accept(numbered);
            } catch (RuntimeException e) {
                subscribers.remove(s); // a subscriber that fails (a closed stream) is dropped
            }
        }
    }
}
