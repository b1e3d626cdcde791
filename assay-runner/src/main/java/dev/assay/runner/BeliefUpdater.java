package dev.assay.runner;

import dev.assay.model.Magnitude;
import dev.assay.verdict.Outcome;
import java.util.Optional;

/**
 * Learns from outcomes: updates the belief model and answers the information gained in bits. After each
 * outcome the runner stores {@link #snapshotJson()} in the journal. {@link #NONE} learns nothing.
 */
public interface BeliefUpdater {
    BeliefUpdater NONE = new BeliefUpdater() {
        @Override
        public double update(Experiment experiment, Outcome outcome) {
            return 0;
        }

        @Override
        public String snapshotJson() {
            return "{}";
        }
    };

    /** Updates the beliefs with {@code outcome}; returns the bits gained (KL divergence posterior vs prior). */
    double update(Experiment experiment, Outcome outcome);

    /**
     * Like {@link #update(Experiment, Outcome)}, knowing the last level injected ({@code lastLevel}): where a
     * guard tripped, for an aborted outcome. The runner calls this one, for every outcome.
     */
    default double update(Experiment experiment, Outcome outcome, Optional<Magnitude> lastLevel) {
        return update(experiment, outcome);
    }

    String snapshotJson();
}
