package dev.assay.runner;

import dev.assay.model.Magnitude;
import dev.assay.verdict.SliWindows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each running experiment measured, level by level: its services' and journeys' SLIs in the baseline and in
 * every fault window (one per level a ramp or threshold search ran), and the level it injected last (where a guard
 * tripped). The learner is taught the last level with the outcome and every earlier level on its own
 * ({@link BeliefUpdater#learnLevel}), so a ramp's lower levels are evidence too, not only the level it stopped at.
 */
final class LevelSlis {
    /** One level's fault window. */
    record Level(Magnitude magnitude, Map<String, SliWindows.Window> slis) {
    }

    private static final class Run {
        Map<String, SliWindows.Window> baseline = Map.of();
        final List<Level> levels = new ArrayList<>();
        Optional<Magnitude> started = Optional.empty();
    }

    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    private Run run(String experimentId) {
        return runs.computeIfAbsent(experimentId, id -> new Run());
    }

    void baseline(String experimentId, Map<String, SliWindows.Window> slis) {
        run(experimentId).baseline = Map.copyOf(slis);
    }

    /** {@code level} is being injected now. */
    void started(String experimentId, Magnitude level) {
        run(experimentId).started = Optional.of(level);
    }

    /** The fault window of the level injected last has closed, measuring {@code slis}. */
    void measured(String experimentId, Map<String, SliWindows.Window> slis) {
        Run r = run(experimentId);
        r.started.ifPresent(level -> r.levels.add(new Level(level, Map.copyOf(slis))));
    }

    /** What the experiment measured, forgotten here: its baseline, its levels in order, and the level injected last. */
    record Measured(Map<String, SliWindows.Window> baseline, List<Level> levels, Optional<Magnitude> lastStarted) {
        /** The fault window of the level injected last, when it was measured. */
        Map<String, SliWindows.Window> lastWindow() {
            if (levels.isEmpty() || !Optional.of(levels.get(levels.size() - 1).magnitude()).equals(lastStarted)) return Map.of();
            return levels.get(levels.size() - 1).slis();
        }

        /** Every measured level before the last one injected. */
        List<Level> earlier() {
            return lastWindow().isEmpty() ? levels : levels.subList(0, levels.size() - 1);
        }
    }

    Measured remove(String experimentId) {
        Run r = runs.remove(experimentId);
        return r == null ? new Measured(Map.of(), List.of(), Optional.empty()) : new Measured(r.baseline, List.copyOf(r.levels), r.started);
    }
}
