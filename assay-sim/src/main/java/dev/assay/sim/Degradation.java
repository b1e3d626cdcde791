package dev.assay.sim;

/**
 * When a service or journey counts as degraded: its p99 latency grew by more than {@code addedP99Ms}, or its
 * error rate grew by more than {@code errorRate} (a fraction), over the unfaulted baseline.
 */
public record Degradation(double addedP99Ms, double errorRate) {
    /**
     * 100 ms more at p99, or two more requests in a hundred failing. Both lie between two levels of the belief
     * model's chaos scale (75/130 ms, 1.5/2.3%), so no scale level sits exactly on the threshold, where
     * measurement noise alone would decide.
     */
    public static final Degradation DEFAULT = new Degradation(100, 0.02);

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
