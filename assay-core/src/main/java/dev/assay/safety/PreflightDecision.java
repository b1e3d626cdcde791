package dev.assay.safety;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The pre-flight gate's answer: go, or every reason not to. */
public sealed interface PreflightDecision permits PreflightDecision.Cleared, PreflightDecision.Refused {
    record Cleared() implements PreflightDecision {
    }

    /** Why the experiment must not start; never empty. */
    record Refused(List<Refusal> refusals) implements PreflightDecision {
        public Refused {
            refusals = List.copyOf(refusals);
            if (refusals.isEmpty()) throw new IllegalArgumentException("a refusal needs at least one reason");
        }

        public String reason() {
            return String.join("; ", refusals.stream().map(r -> r.kind().name().toLowerCase().replace('_', ' ') + ": " + r.detail()).toList());
        }

        /** True when the target is merely degraded now: skip the experiment (or re-plan) rather than fail. */
        public boolean onlyDegraded() {
            return refusals.stream().allMatch(r -> r.kind() == Refusal.Kind.TARGET_DEGRADED);
        }
    }

    record Refusal(Kind kind, String detail) {
        public enum Kind { BUDGET, TARGET_DEGRADED, NOT_STEADY, OVERLAPPING_EXPERIMENT, SOURCE_UNKNOWN, EXCLUSION_ZONE, BLAST_RADIUS }

        public Refusal {
            requireNonNull(kind, "kind");
            requireNonNull(detail, "detail");
        }
    }
}
