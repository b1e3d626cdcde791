package dev.assay.belief;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The information arithmetic of the mechanism belief: dense ids, entropies in bits over mechanisms and over what they
 * would show ({@link MechanismClasses} says which outcomes count as different), and normalisation.
 */
final class MechanismInformation {
    private MechanismInformation() {
    }

    static int[] dense(long[] raw) {
        Map<Long, Integer> ids = new HashMap<>();
        int[] out = new int[raw.length];
        for (int i = 0; i < raw.length; i++) out[i] = ids.computeIfAbsent(raw[i], x -> ids.size());
        return out;
    }

    static double entropyOver(double[] p, int[] bucket) {
        double[] mass = new double[MechanismBelief.M];
        int max = 0;
        for (int i = 0; i < MechanismBelief.M; i++) {
            mass[bucket[i]] += p[i];
            max = Math.max(max, bucket[i]);
        }
        if (max == 0) return 0;
        double h = 0;
        for (int b = 0; b <= max; b++) if (mass[b] > 1e-12) h -= mass[b] * Math.log(mass[b]);
        return Math.max(0, h / Math.log(2));
    }

    static double entropy(double[] p) {
        double h = 0;
        for (double x : p) if (x > 1e-15) h -= x * Math.log(x);
        return Math.max(0, h / Math.log(2));
    }

    static double[] normalised(double[] p) {
        double s = 0;
        for (double x : p) s += x;
        double[] out = Arrays.copyOf(p, p.length);
        for (int i = 0; i < out.length; i++) out[i] /= s;
        return out;
    }
}
