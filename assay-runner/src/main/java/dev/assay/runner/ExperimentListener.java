package dev.assay.runner;

import dev.assay.model.Magnitude;
import dev.assay.spi.Injector;
import dev.assay.verdict.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Observes an experiment as it runs (CLI progress, dashboards). Called on the runner's threads; must not
 * block. Every method has an empty default; {@link #NONE} ignores everything.
 */
public interface ExperimentListener {
    ExperimentListener NONE = new ExperimentListener() { };

    default void experimentStarted(String experimentId, String intentId) {
    }

    default void phaseEntered(String experimentId, Phase phase, String detail) {
    }

    default void faultApplied(String experimentId, Injector.AppliedFault fault) {
    }

    /**
     * The guards about to be watched at a level, before its first evaluation, with the baseline value of each guard SLI
     * (what {@code dropsBy}/{@code risesBy} thresholds are relative to): lets a dashboard show each value against its threshold.
     */
    default void guardsArmed(String experimentId, List<Guard> guards, Map<String, Double> baselines) {
    }

    /** Each guard evaluation: the current value per guard SLI and the time left at this level. */
    default void guardsEvaluated(String experimentId, Map<String, Double> values, Magnitude level, Duration timeLeft) {
    }

    default void guardBreached(String experimentId, String reason) {
    }

    /** Every fault of the experiment was removed, {@code abortLatency} after the breach (or the rollback's start). */
    default void rolledBack(String experimentId, Duration abortLatency) {
    }

    /**
     * The rollback ran but some removals could not be confirmed (the backend did not answer): each problem says
     * which fault and when its lease expires. Those faults stay open in the journal for the next run to verify.
     */
    default void rollbackUnconfirmed(String experimentId, List<String> problems) {
    }

    default void outcomeRecorded(Outcome outcome) {
    }
}
