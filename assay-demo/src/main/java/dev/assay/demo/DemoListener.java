package dev.assay.demo;

import dev.assay.runner.ExperimentListener;

/**
 * Live progress of {@code assay demo}: the demo's phases and notes, plus every experiment event of the runner
 * (phases, faults applied, guard values, rollbacks, outcomes). Called from the demo's threads; must not block.
 */
public interface DemoListener extends ExperimentListener {
    DemoListener NONE = new DemoListener() { };

    /** A new phase of the demo: start, discover, validate, plan, experiment, summary, stop. */
    default void phase(String phase, String detail) {
    }

    /** A line worth showing (the discovered graph, a stale or redundant intent, the plan's choice). */
    default void note(String line) {
    }
}
