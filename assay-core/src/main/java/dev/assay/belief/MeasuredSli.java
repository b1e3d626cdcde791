package dev.assay.belief;

/**
 * One service's (or journey's) measured SLIs over an experiment's baseline and fault windows: error rate (a fraction)
 * and p99 latency (ms), with the requests each rate was measured over (its sampling noise is binomial in them).
 */
public record MeasuredSli(double baselineErrorRate, double errorRate, double baselineP99Ms, double p99Ms,
                          long baselineRequests, long requests) {
    public MeasuredSli {
        if (!(baselineErrorRate >= 0 && baselineErrorRate <= 1) || !(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("error rates must be in [0, 1], were " + baselineErrorRate + " and " + errorRate);
        }
        if (!(baselineP99Ms >= 0) || !(p99Ms >= 0)) throw new IllegalArgumentException("p99 must be >= 0 ms");
        if (baselineRequests < 0 || requests < 0) throw new IllegalArgumentException("request counts must be >= 0");
    }

    /** The rise in error rate over the baseline. */
    public double addedErrorRate() {
        return errorRate - baselineErrorRate;
    }

    /** The rise in p99 over the baseline, ms. */
    public double addedP99Ms() {
        return p99Ms - baselineP99Ms;
    }
}
