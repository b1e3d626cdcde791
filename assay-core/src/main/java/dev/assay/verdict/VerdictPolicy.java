package dev.assay.verdict;

/**
 * How sure a verdict must be: the confidence of its intervals, the bootstrap's resample count and seed (fixed,
 * so the same data always gives the same verdict), and the fewest samples a window needs. For a percentile
 * {@code q} a window needs at least {@code minTailSamples} observations above it ({@code n * (1 - q)}),
 * otherwise its top order statistic is all it knows.
 */
public record VerdictPolicy(double confidence, int bootstrapResamples, long seed, long minRateTrials, int minTailSamples) {
    public static final VerdictPolicy DEFAULTS = new VerdictPolicy(0.95, 2000, 0x5EED_A55AL, 30, 5);

    public VerdictPolicy {
        if (!(confidence > 0.5 && confidence < 1)) throw new IllegalArgumentException("confidence must be in (0.5, 1), was " + confidence);
        if (bootstrapResamples < 100) throw new IllegalArgumentException("bootstrapResamples must be >= 100, was " + bootstrapResamples);
        if (minRateTrials < 1) throw new IllegalArgumentException("minRateTrials must be >= 1, was " + minRateTrials);
        if (minTailSamples < 1) throw new IllegalArgumentException("minTailSamples must be >= 1, was " + minTailSamples);
    }

    /** The fewest latencies that estimate percentile {@code q} (0..1) with this policy. */
    public long minSamplesFor(double q) {
        return Math.max(30, (long) Math.ceil(minTailSamples / Math.max(1e-9, 1 - q) - 1e-9));
    }
}
