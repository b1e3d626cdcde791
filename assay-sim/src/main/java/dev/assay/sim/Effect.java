package dev.assay.sim;

/**
 * What a fault does to one service or journey, noise-free: the added p99 latency (ms), the added error rate,
 * the share of requests that are failed or slower than the degradation threshold ({@code badFraction}, what
 * an SLO counts), and the load relative to the baseline (retries multiply it).
 */
public record Effect(double addedP99Ms, double addedMeanMs, double errorRate, double badFraction, double load,
                     boolean degraded) {
    public static final Effect NONE = new Effect(0, 0, 0, 0, 1, false);

    public Effect {
        if (addedP99Ms < 0 || addedMeanMs < 0 || errorRate < 0 || errorRate > 1 + 1e-9 || load <= 0) {
            throw new IllegalArgumentException("impossible effect: p99 " + addedP99Ms + ", mean " + addedMeanMs
                    + ", error rate " + errorRate + ", load " + load);
        }
    }

    static Effect of(dev.assay.belief.RequestMix mix, double load, Degradation degradation) {
        double p99 = mix.quantileMs(0.99);
        double errors = Math.min(1, mix.failureRate());
        return new Effect(p99, mix.meanDelayMs(), errors, Math.min(1, mix.badFraction(degradation.addedP99Ms())), load,
                degradation.degraded(p99, errors));
    }
}
