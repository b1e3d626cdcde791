package dev.assay.planner;

/** Information measures in bits for binary outcomes observed through a noisy channel. */
final class Eig {
    private Eig() {
    }

    /** Binary entropy in bits. */
    static double h(double p) {
        if (p <= 0 || p >= 1) return 0;
        return -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
    }

    /** I(D; Y) for D ~ Bernoulli(p) seen through false-positive rate fp and false-negative rate fn. */
    static double binary(double p, double fp, double fn) {
        return binary(p, fp, fn, h(fp), h(fn));
    }

    /** {@link #binary(double, double, double)} with the channel's entropies {@code h(fp)}, {@code h(fn)} precomputed. */
    static double binary(double p, double fp, double fn, double hfp, double hfn) {
        p = Math.min(1, Math.max(0, p));
        double q = p * (1 - fn) + (1 - p) * fp;
        return Math.max(0, h(q) - p * hfn - (1 - p) * hfp);
    }

    /**
     * Information from a ramp: the step at which the outcome first turns (cumulative probabilities
     * {@code cum[i]} of having turned by step i, non-decreasing), scaled by the channel's reliability.
     */
    static double ramp(double[] cum, double fp, double fn) {
        if (cum.length == 1) return binary(cum[0], fp, fn);
        double hCat = 0;
        double prev = 0;
        for (double c : cum) {
            double step = Math.max(0, Math.min(1, c) - prev);
            if (step > 0) hCat -= step * Math.log(step) / Math.log(2);
            prev = Math.max(prev, Math.min(1, c));
        }
        double rest = 1 - prev;
        if (rest > 0) hCat -= rest * Math.log(rest) / Math.log(2);
        return Math.max(0, hCat * (1 - h(Math.max(fp, fn))));
    }
}
