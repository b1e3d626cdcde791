package dev.assay.belief;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.Scope;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The prediction-relevant classes of the EIG. Two things make a difference between mechanisms worth nothing:
 * <ul>
 *   <li>it is below the measurement noise: outcomes are grouped into classes as wide as
 *   {@link MechanismBelief#distinguishable} (0.3 points and 15% of error rate, 10 ms and 10% of p99), leader-clustered
 *   in order of error rate then p99 ({@link #noiseWide});</li>
 *   <li>no plannable fault shows it: an edge's mechanisms fall into <em>identifiable classes</em>, mechanisms whose views
 *   fall in the same noise-wide class on every fault the planner could run at the callee (every class × level of the
 *   chaos scale, latency over the plan's cohort) ({@link #identifiable}). A 5 s timeout vs none, a breaker that no
 *   plannable fault opens: one class.</li>
 * </ul>
 * The EIG of an edge is the mutual information between its identifiable class and the caller's noise-wide outcome
 * ({@link #mutualBits}); an edge whose most probable class holds at least {@link #SETTLED} of its posterior is settled
 * and worth nothing. Tables are cached per (calls per request, latency scope); not thread-safe, like the belief.
 */
final class MechanismClasses {
    /** An edge is settled when its most probable identifiable class holds at least this share of its posterior. */
    static final double SETTLED = 0.95;

    private final MechanismForward forward;
    private final Map<Long, int[]> classes = new HashMap<>();

    MechanismClasses(MechanismForward forward) {
        this.forward = forward;
    }

    /**
     * Per outcome, the id (dense, from 0) of its noise-wide class: outcomes sorted by error rate then p99; each joins the
     * first class whose leader it is indistinguishable from, or leads a new one. Identical outcomes share a class.
     */
    static int[] noiseWide(RequestMix[] outcomes) {
        int n = outcomes.length;
        double[] err = new double[n];
        double[] p99 = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            err[i] = outcomes[i].failureRate();
            p99[i] = outcomes[i].quantileMs(0.99);
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            int c = Double.compare(err[x], err[y]);
            return c != 0 ? c : Double.compare(p99[x], p99[y]);
        });
        int[] out = new int[n];
        int[] leaders = new int[n];
        int count = 0;
        for (int i : order) {
            int id = -1;
            for (int k = 0; k < count && id < 0; k++) {
                int l = leaders[k];
                if (!MechanismBelief.distinguishable(err[l], p99[l], err[i], p99[i])) id = k;
            }
            if (id < 0) {
                id = count;
                leaders[count++] = i;
            }
            out[i] = id;
        }
        return out;
    }

    /** Per grid mechanism, the noise-wide class of its view of {@code views}' input (dense ids). */
    static int[] noiseWide(MechanismViews.Views views) {
        int[] ofDistinct = noiseWide(views.distinct());
        int[] out = new int[MechanismBelief.M];
        for (int m = 0; m < out.length; m++) out[m] = ofDistinct[views.distinctOf()[m]];
        return out;
    }

    /** Per grid mechanism, its identifiable class on edge {@code e} for plans whose latency faults cover {@code scope}. */
    int[] identifiable(int e, Scope scope) {
        double k = forward.callsPerRequest(e);
        long key = ((long) Double.hashCode(k) << 32) ^ Double.hashCode(scope.fraction());
        return classes.computeIfAbsent(key, x -> {
            long[] signature = new long[MechanismBelief.M];
            for (FaultClass c : FaultClass.values()) {
                for (int l = 0; l < ChaosScale.LEVELS; l++) {
                    Fault f = ChaosScale.fault(c, "x", l, scope);
                    int[] cls = noiseWide(forward.views(e, RequestMix.ofFault(f, f.peak())));
                    for (int m = 0; m < signature.length; m++) signature[m] = signature[m] * 1_000_003L + cls[m] + 1;
                }
            }
            return MechanismInformation.dense(signature);
        });
    }

    /** Whether edge posterior {@code p}'s most probable identifiable class holds at least {@link #SETTLED}. */
    static boolean settled(double[] p, int[] classOf) {
        double[] mass = new double[MechanismBelief.M];
        double best = 0;
        for (int m = 0; m < p.length; m++) {
            mass[classOf[m]] += p[m];
            best = Math.max(best, mass[classOf[m]]);
        }
        return best >= SETTLED;
    }

    /** I(class; outcome) in bits under posterior {@code p}: H(outcome) − Σ_c P(c) H(outcome | c). */
    static double mutualBits(double[] p, int[] outcome, int[] classOf) {
        int m = p.length;
        long[] keys = new long[m];
        for (int i = 0; i < m; i++) keys[i] = (((long) classOf[i] * m + outcome[i]) << 16) | i;
        Arrays.sort(keys);
        double hj = 0;
        double mass = 0;
        long current = -1;
        for (long k : keys) {
            long pair = k >>> 16;
            if (pair != current) {
                if (mass > 1e-12) hj -= mass * Math.log(mass);
                mass = 0;
                current = pair;
            }
            mass += p[(int) (k & 0xFFFF)];
        }
        if (mass > 1e-12) hj -= mass * Math.log(mass);
        double hy = MechanismInformation.entropyOver(p, outcome);
        double hc = MechanismInformation.entropyOver(p, classOf);
        return Math.max(0, hy + hc - hj / Math.log(2));
    }
}
