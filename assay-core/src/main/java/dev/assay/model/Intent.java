package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A falsifiable claim about behaviour, not a script: under {@code fault}, the {@code targetBehavior} (a journey
 * or a service) keeps every {@code expect} criterion, for the reason given by {@code mechanism}, within
 * {@code safety}'s limits. {@code expect} is about the faulted window only (it may expect failure: "errors.rate
 * above 5%" for a call that must fail fast); {@code steadyState} is what must hold before the fault (pre-flight)
 * and again after it (recovery). Without a declared steady state it is {@code expect} itself.
 */
public record Intent(String id, Optional<String> owner, String targetBehavior, String hypothesis, Fault fault,
                     List<Expectation> expect, Optional<Mechanism> mechanism, Optional<BlastRadius> blastRadius,
                     Safety safety, List<Expectation> steadyState) {
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
        steadyState = List.copyOf(steadyState);
        if (id.isBlank()) throw new IllegalArgumentException("intent id must not be blank");
    }

    /** An intent whose steady state is its expectations (no separate {@code steadyState} declared). */
    public Intent(String id, Optional<String> owner, String targetBehavior, String hypothesis, Fault fault, List<Expectation> expect,
                  Optional<Mechanism> mechanism, Optional<BlastRadius> blastRadius, Safety safety) {
        this(id, owner, targetBehavior, hypothesis, fault, expect, mechanism, blastRadius, safety, expect);
    }

    /** This intent under other safety limits (everything else, its steady state included, kept). */
    public Intent withSafety(Safety s) {
        return new Intent(id, owner, targetBehavior, hypothesis, fault, expect, mechanism, blastRadius, s, steadyState);
    }

    /** Whether a steady state was declared apart from the expectations about the faulted window. */
    public boolean declaresSteadyState() {
        return !steadyState.equals(expect);
    }
}
