package dev.assay.verdict;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What an experiment showed about its intent, decided statistically (never from one sample), with the
 * evidence behind it: one {@link Evidence} per acceptance criterion.
 */
public sealed interface Verdict permits Verdict.Supported, Verdict.Refuted, Verdict.Inconclusive, Verdict.Aborted {
    List<Evidence> evidence();

    /** The verdict's name as reports and the journal spell it: SUPPORTED, REFUTED, INCONCLUSIVE, ABORTED. */
    String kind();

    /** Every criterion held, with confidence. */
    record Supported(List<Evidence> evidence) implements Verdict {
        public Supported {
            evidence = List.copyOf(evidence);
        }

        @Override
        public String kind() {
            return "SUPPORTED";
        }
    }

    /** At least one criterion was broken, with confidence; {@code reason} names which and by how much. */
    record Refuted(String reason, List<Evidence> evidence) implements Verdict {
        public Refuted {
            requireNonNull(reason, "reason");
            evidence = List.copyOf(evidence);
        }

        @Override
        public String kind() {
            return "REFUTED";
        }
    }

    /** The data cannot decide (too few samples, an interval straddling a threshold, an unknown SLI). */
    record Inconclusive(String reason, List<Evidence> evidence) implements Verdict {
        public Inconclusive {
            requireNonNull(reason, "reason");
            evidence = List.copyOf(evidence);
        }

        @Override
        public String kind() {
            return "INCONCLUSIVE";
        }
    }

    /** A safety guard (or an operator) stopped the experiment before it could be judged. */
    record Aborted(String reason, List<Evidence> evidence) implements Verdict {
        public Aborted {
            requireNonNull(reason, "reason");
            evidence = List.copyOf(evidence);
        }

        @Override
        public String kind() {
            return "ABORTED";
        }
    }
}
