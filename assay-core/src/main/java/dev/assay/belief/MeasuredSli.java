package dev.assay.belief;

/**
 * One service's (or journey's) measured SLIs over an experiment's baseline and fault windows: error rate (a fraction)
 * and p99 latency (ms), with the requests each rate was measured over (its sampling noise is binomial in them), and
 * the p50 in both windows when the source measured it (a second latency reading: under a fault that slows most
 * requests, the median moves by as much as the p99 and is read from far more of the window's requests).
 */
public record MeasuredSli(double baselineErrorRate, double errorRate, double baselineP99Ms, double p99Ms,
                          long baselineRequests, long requests, java.util.OptionalDouble baselineP50Ms, java.util.OptionalDouble p50Ms) {
    /** Without p50s: the update reads the error rate and the p99 only. */
    public MeasuredSli(double baselineErrorRate, double errorRate, double baselineP99Ms, double p99Ms, long baselineRequests, long requests) {
        this(baselineErrorRate, errorRate, baselineP99Ms, p99Ms, baselineRequests, requests, java.util.OptionalDouble.empty(),
                java.util.OptionalDouble.empty());
    }

    public MeasuredSli {
        java.util.Objects.requireNonNull(baselineP50Ms, "baselineP50Ms");
        java.util.Objects.requireNonNull(p50Ms, "p50Ms");
        if (baselineP50Ms.isPresent() != p50Ms.isPresent()) throw new IllegalArgumentException("give the p50 of both windows or of neither");
        if (p50Ms.isPresent() && (!(baselineP50Ms.getAsDouble() >= 0) || !(p50Ms.getAsDouble() >= 0))) throw new IllegalArgumentException("p50 must be >= 0 ms");
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
