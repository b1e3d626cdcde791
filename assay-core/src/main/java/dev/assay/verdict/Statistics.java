package dev.assay.verdict;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.hipparchus.distribution.continuous.BetaDistribution;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * The tests behind verdicts: Jeffreys (beta-binomial) intervals and the two-proportion z-test for rates, and
 * a seeded percentile bootstrap for latencies. Pure functions; the same input and seed give the same answer.
 */
public final class Statistics {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    private Statistics() {
    }

    /** The Jeffreys interval of a binomial rate: quantiles of Beta(events + 1/2, trials - events + 1/2). */
    public static Interval rateInterval(Measurement.Rate rate, double confidence) {
        if (rate.trials() == 0) return new Interval(0, 1, confidence);
        double alpha = 1 - confidence;
        BetaDistribution posterior = new BetaDistribution(rate.events() + 0.5, rate.trials() - rate.events() + 0.5);
        double low = rate.events() == 0 ? 0 : posterior.inverseCumulativeProbability(alpha / 2);
        double high = rate.events() == rate.trials() ? 1 : posterior.inverseCumulativeProbability(1 - alpha / 2);
        return new Interval(low, high, confidence);
    }

    /** Two-sided p-value of the pooled two-proportion z-test that {@code a} and {@code b} have the same rate. */
    public static double twoProportionPValue(Measurement.Rate a, Measurement.Rate b) {
        if (a.trials() == 0 || b.trials() == 0) return 1;
        double pooled = (double) (a.events() + b.events()) / (a.trials() + b.trials());
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / a.trials() + 1.0 / b.trials()));
        if (se == 0) return 1;
        double z = (a.value() - b.value()) / se;
        return Math.min(1, 2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(z))));
    }

    /** Percentile {@code q} (0..1) of {@code sorted} by linear interpolation between order statistics. */
    public static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) throw new IllegalArgumentException("percentile of no samples");
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    public static double percentile(Measurement.Latencies latencies, double q) {
        double[] sorted = latencies.millis();
        Arrays.sort(sorted);
        return percentile(sorted, q);
    }

    /** The percentile bootstrap interval of percentile {@code q}, with {@code resamples} seeded resamples. */
    public static Interval percentileInterval(Measurement.Latencies latencies, double q, double confidence, int resamples, long seed) {
        double[] estimates = bootstrap(latencies.millis(), q, resamples, new SplittableRandom(seed));
        Arrays.sort(estimates);
        double alpha = 1 - confidence;
        return new Interval(percentile(estimates, alpha / 2), percentile(estimates, 1 - alpha / 2), confidence);
    }

    /**
     * Two-sided bootstrap p-value that percentile {@code q} is the same in both samples: twice the share of
     * resampled differences on the far side of zero (at least {@code 1 / resamples}).
     */
    public static double percentileDifferencePValue(Measurement.Latencies a, Measurement.Latencies b, double q, int resamples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] ea = bootstrap(a.millis(), q, resamples, random);
        double[] eb = bootstrap(b.millis(), q, resamples, random);
        int atOrBelow = 0;
        int atOrAbove = 0;
        for (int i = 0; i < resamples; i++) {
            double d = eb[i] - ea[i];
            if (d <= 0) atOrBelow++;
            if (d >= 0) atOrAbove++;
        }
        double p = 2.0 * Math.min(atOrBelow, atOrAbove) / resamples;
        return Math.max(1.0 / resamples, Math.min(1, p));
    }

    private static double[] bootstrap(double[] values, double q, int resamples, SplittableRandom random) {
        double[] estimates = new double[resamples];
        double[] resample = new double[values.length];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < values.length; i++) resample[i] = values[random.nextInt(values.length)];
            Arrays.sort(resample);
            estimates[r] = percentile(resample, q);
        }
        return estimates;
    }
}
