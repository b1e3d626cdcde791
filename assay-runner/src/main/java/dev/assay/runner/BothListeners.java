package dev.assay.runner;

import dev.assay.model.Magnitude;
import dev.assay.spi.Injector;
import dev.assay.verdict.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Two listeners of one run (e.g. serve's live state and the terminal's progress; the demo's LLM meter and its progress), called in order. */
public record BothListeners(ExperimentListener first, ExperimentListener second) implements ExperimentListener {
    @Override
    public void experimentStarted(String experimentId, String intentId) {
        first.experimentStarted(experimentId, intentId);
        second.experimentStarted(experimentId, intentId);
    }

    @Override
    public void phaseEntered(String experimentId, Phase phase, String detail) {
        first.phaseEntered(experimentId, phase, detail);
        second.phaseEntered(experimentId, phase, detail);
    }

    @Override
    public void faultApplied(String experimentId, Injector.AppliedFault fault) {
        first.faultApplied(experimentId, fault);
        second.faultApplied(experimentId, fault);
    }

    @Override
    public void guardsArmed(String experimentId, List<Guard> guards, Map<String, Double> baselines) {
        first.guardsArmed(experimentId, guards, baselines);
        second.guardsArmed(experimentId, guards, baselines);
    }

    @Override
    public void guardsEvaluated(String experimentId, Map<String, Double> values, Magnitude level, Duration timeLeft) {
        first.guardsEvaluated(experimentId, values, level, timeLeft);
        second.guardsEvaluated(experimentId, values, level, timeLeft);
    }

    @Override
    public void guardBreached(String experimentId, String reason) {
        first.guardBreached(experimentId, reason);
        second.guardBreached(experimentId, reason);
    }

    @Override
    public void rolledBack(String experimentId, Duration abortLatency) {
        first.rolledBack(experimentId, abortLatency);
        second.rolledBack(experimentId, abortLatency);
    }

    @Override
    public void rollbackUnconfirmed(String experimentId, List<String> problems) {
        first.rollbackUnconfirmed(experimentId, problems);
        second.rollbackUnconfirmed(experimentId, problems);
    }

    @Override
    public void outcomeRecorded(Outcome outcome) {
        first.outcomeRecorded(outcome);
        second.outcomeRecorded(outcome);
    }
}
