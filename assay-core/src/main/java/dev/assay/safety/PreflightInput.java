package dev.assay.safety;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Intent;
import dev.assay.spi.Reading;
import java.util.List;
import java.util.Map;

/**
 * Everything the pre-flight gate looks at, read by the runner just before an experiment:
 * <ul>
 *   <li>{@code budgetRemaining}: the fraction (0..1) of the target journey's error budget still unspent;</li>
 *   <li>{@code expectedCost}: the fraction of that budget the experiment is expected to consume;</li>
 *   <li>{@code recent}: each acceptance-criterion SLI over a short recent window (is the target degraded now?);</li>
 *   <li>{@code steadyState}: the same SLIs over the intent's {@code minSteadyState} (has the steady state held?);</li>
 *   <li>{@code guardSources}: each guard SLI (abortWhen, burn rate), read once to prove its source answers;</li>
 *   <li>{@code predictedBlastRadius}: services the experiment is predicted to affect (with the fault's target);</li>
 *   <li>{@code running}: experiments in flight and their predicted blast radii;</li>
 *   <li>{@code activeExclusionZones}: service → the running experiment whose intent excludes it; while that
 *       experiment runs, no other experiment may touch the service.</li>
 * </ul>
 */
public record PreflightInput(Intent intent, Reading budgetRemaining, double expectedCost, Map<String, Reading> recent,
                             Map<String, Reading> steadyState, Map<String, Reading> guardSources, List<String> predictedBlastRadius,
                             List<RunningExperiment> running, Map<String, String> activeExclusionZones) {
    public PreflightInput {
        requireNonNull(intent, "intent");
        activeExclusionZones = Map.copyOf(activeExclusionZones);
        requireNonNull(budgetRemaining, "budgetRemaining");
        recent = Map.copyOf(recent);
        steadyState = Map.copyOf(steadyState);
        guardSources = Map.copyOf(guardSources);
        predictedBlastRadius = List.copyOf(predictedBlastRadius);
        running = List.copyOf(running);
        if (!(expectedCost >= 0) || !Double.isFinite(expectedCost)) throw new IllegalArgumentException("expectedCost must be finite and >= 0, was " + expectedCost);
    }

    /** The input with no experiment in flight protecting a zone. */
    public PreflightInput(Intent intent, Reading budgetRemaining, double expectedCost, Map<String, Reading> recent,
                          Map<String, Reading> steadyState, Map<String, Reading> guardSources, List<String> predictedBlastRadius,
                          List<RunningExperiment> running) {
        this(intent, budgetRemaining, expectedCost, recent, steadyState, guardSources, predictedBlastRadius, running, Map.of());
    }

    /** An experiment already in flight and the services it is predicted to affect. */
    public record RunningExperiment(String experimentId, List<String> predictedBlastRadius) {
        public RunningExperiment {
            requireNonNull(experimentId, "experimentId");
            predictedBlastRadius = List.copyOf(predictedBlastRadius);
        }
    }
}
