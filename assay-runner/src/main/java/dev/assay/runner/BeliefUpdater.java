package dev.assay.runner;

import dev.assay.verdict.Outcome;

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

    String snapshotJson();
}
