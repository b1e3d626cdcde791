package dev.assay.runner;

import dev.assay.model.Magnitude;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.SliWindows;
import java.util.List;
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

    /**
     * Learns from one level of a ramp or threshold search that the outcome did not end at: {@code measured} is every
     * observed service's and journey's SLIs in the baseline and in that level's fault window. The runner calls it after
     * {@link #update(Experiment, Outcome, Optional)}, for each earlier level in the order they ran; returns the bits gained.
     */
    default double learnLevel(Experiment experiment, Magnitude level, List<SliWindows> measured) {
        return 0;
    }

    String snapshotJson();
}
