package dev.assay.belief;

import static java.util.Objects.requireNonNull;

import dev.assay.model.FaultClass;
import java.time.Instant;
import java.util.List;

/**
 * The serialisable form of a {@link Belief}: plain records of strings, numbers and instants, so the
 * journal can write it as JSON or rows without knowing the model. {@code caller} is a service name or
 * {@code journey:<name>} for a journey's tolerance of its entry; {@code probabilities} has
 * {@code levels + 1} entries (the last is "never degrades"). {@code scale} names the {@link ChaosScale}
 * version, so a change of scale is detected on restore.
 */
public record BeliefState(String scale, int levels, List<EdgeBelief> edges) {
    public static final String SCALE = "assay-chaos-scale-v1";

    public BeliefState {
        requireNonNull(scale, "scale");
        edges = List.copyOf(edges);
    }

    /** One slot × fault class: the tolerance distribution and when it was last updated (aging starts there). */
    public record EdgeBelief(String caller, String callee, FaultClass faultClass, List<Double> probabilities, Instant updatedAt) {
        public EdgeBelief {
            requireNonNull(caller, "caller");
            requireNonNull(callee, "callee");
            requireNonNull(faultClass, "faultClass");
            requireNonNull(updatedAt, "updatedAt");
            probabilities = List.copyOf(probabilities);
        }
    }
}
