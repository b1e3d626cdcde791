package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A falsifiable claim about behaviour, not a script: under {@code fault}, the {@code targetBehavior} (a journey
 * or a service) keeps every {@code expect} criterion, for the reason given by {@code mechanism}, within
 * {@code safety}'s limits.
 */
public record Intent(String id, Optional<String> owner, String targetBehavior, String hypothesis, Fault fault,
                     List<Expectation> expect, Optional<Mechanism> mechanism, Optional<BlastRadius> blastRadius,
                     Safety safety) {
    public Intent {
        requireNonNull(id, "id");
        requireNonNull(owner, "owner");
        requireNonNull(targetBehavior, "targetBehavior");
        requireNonNull(hypothesis, "hypothesis");
        requireNonNull(fault, "fault");
        requireNonNull(mechanism, "mechanism");
        requireNonNull(blastRadius, "blastRadius");
        requireNonNull(safety, "safety");
        expect = List.copyOf(expect);
        if (id.isBlank()) throw new IllegalArgumentException("intent id must not be blank");
    }
}
