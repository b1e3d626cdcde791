package dev.assay.verdict;

/** A confidence interval {@code [low, high]} at {@code confidence} (e.g. 0.95). */
public record Interval(double low, double high, double confidence) {
    public Interval {
        if (!(low <= high)) throw new IllegalArgumentException("interval low must be <= high, was [" + low + ", " + high + "]");
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
    }

    public boolean contains(double x) {
        return low <= x && x <= high;
    }
}
