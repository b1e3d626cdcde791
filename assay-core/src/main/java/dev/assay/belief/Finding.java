package dev.assay.belief;

import static java.util.Objects.requireNonNull;

import dev.assay.model.FaultClass;

/**
 * What the beliefs say about one edge after a fault of {@code faultClass} at level {@code level} ({@link ChaosScale}
 * index) was tested on its callee: {@code pDegrades}, the probability that the caller degrades at that level.
 * {@code testedAt} names the magnitude as applied ({@code latency delayMs=400}).
 */
public record Finding(String from, String to, FaultClass faultClass, int level, String testedAt, double pDegrades) {
    public Finding {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(faultClass, "faultClass");
        requireNonNull(testedAt, "testedAt");
        if (!(pDegrades >= 0 && pDegrades <= 1)) throw new IllegalArgumentException("pDegrades must be in [0, 1], was " + pDegrades);
    }

    /** Tolerant when the caller more likely than not survives the tested level. */
    public boolean tolerant() {
        return pDegrades < 0.5;
    }

    /** The probability of the finding as stated (tolerant or fragile). */
    public double probability() {
        return tolerant() ? 1 - pDegrades : pDegrades;
    }

    /** {@code from->to}. */
    public String edge() {
        return from + "->" + to;
    }
}
