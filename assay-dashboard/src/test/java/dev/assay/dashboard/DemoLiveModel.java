package dev.assay.dashboard;

import dev.assay.demo.DemoListener;
import dev.assay.model.Incident;
import dev.assay.model.Magnitude;
import dev.assay.model.Topology;
import dev.assay.planner.Plan;
import dev.assay.runner.Guard;
import dev.assay.runner.Phase;
import dev.assay.spi.Injector;
import dev.assay.verdict.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A test-side {@link DashboardModel} over a real {@code assay demo} campaign: the live run is the demo's runner as its
 * listener reports it ({@link LiveRuns}), stopping calls the demo's stop (its runner rolls back), and everything else is
 * the demo's journal ({@link JournalDashboardModel}), once it exists. Its {@link #listener()} is the demo's listener.
 */
final class DemoLiveModel implements DashboardModel {
    private final Path journal;
    private final LiveRuns live;
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final Consumer<String> onRolledBack;

    DemoLiveModel(Path journal, Runnable stop, Consumer<String> onRolledBack) {
        this.journal = journal;
        this.live = LiveRuns.create(Clock.systemUTC(), stop);
        this.onRolledBack = onRolledBack;
    }

    List<String> notes() {
        return notes;
    }

    List<Outcome> recorded() {
        return outcomes;
    }

    LiveRuns tracker() {
        return live;
    }

    DemoListener listener() {
        return new DemoListener() {
            @Override
            public void note(String line) {
                notes.add(line);
            }

            @Override
            public void experimentStarted(String experimentId, String intentId) {
                live.experimentStarted(experimentId, intentId);
            }

            @Override
            public void phaseEntered(String experimentId, Phase phase, String detail) {
                live.phaseEntered(experimentId, phase, detail);
            }

            @Override
            public void faultApplied(String experimentId, Injector.AppliedFault fault) {
                live.faultApplied(experimentId, fault);
            }

            @Override
            public void guardsArmed(String experimentId, List<Guard> guards, Map<String, Double> baselines) {
                live.guardsArmed(experimentId, guards, baselines);
            }

            @Override
            public void guardsEvaluated(String experimentId, Map<String, Double> values, Magnitude level, Duration timeLeft) {
                live.guardsEvaluated(experimentId, values, level, timeLeft);
            }

            @Override
            public void guardBreached(String experimentId, String reason) {
                live.guardBreached(experimentId, reason);
            }

            @Override
            public void rolledBack(String experimentId, Duration abortLatency) {
                onRolledBack.accept(experimentId);
                live.rolledBack(experimentId, abortLatency);
            }

            @Override
            public void outcomeRecorded(Outcome outcome) {
                outcomes.add(outcome);
                live.outcomeRecorded(outcome);
            }
        };
    }

    private Optional<JournalDashboardModel> journal() {
        return Files.isRegularFile(journal) ? Optional.of(JournalDashboardModel.open(journal, Clock.systemUTC())) : Optional.empty();
    }

    @Override
    public String systemName() {
        return "assay-demo-shop";
    }

    @Override
    public Optional<Topology> topology() {
        return journal().flatMap(JournalDashboardModel::topology);
    }

    @Override
    public DashboardBeliefs beliefs() {
        return journal().map(JournalDashboardModel::beliefs).orElse(DashboardBeliefs.NOTHING);
    }

    @Override
    public Optional<String> inferredMechanism(String from, String to) {
        return Optional.empty();
    }

    @Override
    public Plan plan() {
        return journal().map(JournalDashboardModel::plan).orElseGet(() -> new Plan(List.of(), List.of(), new Plan.Stats(0, 0)));
    }

    @Override
    public List<Outcome> outcomes() {
        return journal().map(JournalDashboardModel::outcomes).orElse(List.of());
    }

    @Override
    public List<Incident> incidents() {
        return journal().map(JournalDashboardModel::incidents).orElse(List.of());
    }

    @Override
    public Optional<LiveRun> live() {
        return live.current();
    }

    /** The demo's runner through {@link LiveRuns}: what the Live view's event stream follows. */
    @Override
    public Optional<AutoCloseable> onLiveChange(Runnable onChange) {
        return Optional.of(live.subscribe(onChange));
    }

    @Override
    public boolean stop() {
        return live.stop();
    }
}
