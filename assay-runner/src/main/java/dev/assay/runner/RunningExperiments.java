package dev.assay.runner;

import dev.assay.safety.PreflightDecision;
import dev.assay.safety.PreflightGate;
import dev.assay.safety.PreflightInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The experiments in flight on one runner: each one's predicted blast radius and its intent's exclusion zones.
 * The pre-flight gate's decision and the registration of a cleared experiment happen under one lock, so two
 * experiments starting at once cannot both be cleared into each other: while an experiment runs, the services
 * its intent excludes are exclusion zones of every other experiment, and its blast radius may not be shared.
 */
final class RunningExperiments {
    private record Entry(List<String> predictedBlastRadius, List<String> exclusionZones) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Entry> running = new LinkedHashMap<>();

    /**
     * Checks {@code readings} (everything read for the gate) against the experiments in flight now and, when
     * cleared, registers {@code x} as running; no I/O happens under the lock.
     */
    PreflightDecision admit(Experiment x, PreflightInput readings) {
        lock.lock();
        try {
            List<PreflightInput.RunningExperiment> others = running.entrySet().stream()
                    .map(e -> new PreflightInput.RunningExperiment(e.getKey(), e.getValue().predictedBlastRadius())).toList();
            Map<String, String> zones = new LinkedHashMap<>();
            running.forEach((id, e) -> e.exclusionZones().forEach(z -> zones.putIfAbsent(z, id)));
            PreflightInput in = new PreflightInput(readings.intent(), readings.budgetRemaining(), readings.expectedCost(), readings.recent(),
                    readings.steadyState(), readings.guardSources(), readings.predictedBlastRadius(), others, zones);
            PreflightDecision d = PreflightGate.check(in);
            if (d instanceof PreflightDecision.Cleared) running.put(x.id(), new Entry(x.predictedBlastRadius(), x.intent().safety().exclusionZones()));
            return d;
        } finally {
            lock.unlock();
        }
    }

    void finished(Experiment x) {
        lock.lock();
        try {
            running.remove(x.id());
        } finally {
            lock.unlock();
        }
    }
}
