package dev.assay.sim;

/**
 * When a service or journey counts as degraded: its p99 latency grew by more than {@code addedP99Ms}, or its
 * error rate grew by more than {@code errorRate} (a fraction), over the unfaulted baseline.
 */
public record Degradation(double addedP99Ms, double errorRate) {
    /** 100 ms more at p99, or one more request in a hundred failing. */
    public static final Degradation DEFAULT = new Degradation(100, 0.01);

    public Degradation {
        if (!(addedP99Ms > 0) || !(errorRate > 0 && errorRate < 1)) {
            throw new IllegalArgumentException("degradation thresholds must be positive (error rate below 1), were "
                    + addedP99Ms + " ms and " + errorRate);
        }
    }

    public boolean degraded(double addedP99, double addedErrorRate) {
        return addedP99 > addedP99Ms || addedErrorRate > errorRate;
    }
}
