package dev.assay.runner;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Intent;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run of an intent as the planner chose it: its id, the predicted blast radius and expected budget cost,
 * how to walk the fault's levels, guards beyond the intent's own {@code abortWhen} (SLO burn rate, journey
 * degradation), the services and edges the system model already knows, and for the observed blast radius,
 * which SLIs to compare per service ({@code higherIsWorse} for each), and {@code recoverySlis}: the SLIs of every
 * journey, which recovery waits to see back within their baseline's spread before the next experiment.
 */
public record Experiment(String id, Intent intent, List<String> predictedBlastRadius, double expectedCost, Mode mode,
                         List<Guard> extraGuards, Set<String> known, Map<String, List<String>> watchedServices, List<String> recoverySlis) {
    /** One level (the fault's only or peak level), a ramp through all levels, or bisection to the tolerance. */
    public enum Mode {
        SINGLE, RAMP, THRESHOLD_SEARCH;

        /** Bisection when asked for, else a ramp when the intent's fault lists several levels, else its one level. */
        public static Mode of(Intent intent, boolean thresholdSearch) {
            return thresholdSearch ? THRESHOLD_SEARCH : intent.fault().isRamp() ? RAMP : SINGLE;
        }
    }

    public Experiment {
        requireNonNull(id, "id");
        requireNonNull(intent, "intent");
        requireNonNull(mode, "mode");
        predictedBlastRadius = List.copyOf(predictedBlastRadius);
        extraGuards = List.copyOf(extraGuards);
        known = Set.copyOf(known);
        watchedServices = Map.copyOf(watchedServices);
        recoverySlis = List.copyOf(recoverySlis);
        if (!id.matches("[A-Za-z0-9._-]{1,80}")) throw new IllegalArgumentException("experiment id must be 1-80 of [A-Za-z0-9._-], was " + id);
    }

    /** Without recovery SLIs beyond the intent's own steady state. */
    public Experiment(String id, Intent intent, List<String> predictedBlastRadius, double expectedCost, Mode mode, List<Guard> extraGuards,
                      Set<String> known, Map<String, List<String>> watchedServices) {
        this(id, intent, predictedBlastRadius, expectedCost, mode, extraGuards, known, watchedServices, List.of());
    }

    /** The same experiment, recovery also waiting for {@code slis} to be back within their baseline's spread. */
    public Experiment withRecoverySlis(List<String> slis) {
        return new Experiment(id, intent, predictedBlastRadius, expectedCost, mode, extraGuards, known, watchedServices, slis);
    }

    public static Experiment of(String id, Intent intent) {
        return new Experiment(id, intent, intent.blastRadius().map(b -> b.expected()).orElse(List.of()), 0,
                Mode.of(intent, false), List.of(), Set.of(), Map.of());
    }

    public List<Guard> guards() {
        List<Guard> all = new java.util.ArrayList<>(intent.safety().abortWhen().stream().map(Guard::abortWhen).toList());
        all.addAll(extraGuards);
        return all;
    }
}
