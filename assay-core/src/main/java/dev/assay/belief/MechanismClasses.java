package dev.assay.belief;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.Scope;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
    private final Map<int[], int[]> byClass = new IdentityHashMap<>();
    private final Map<double[], Map<int[], Boolean>> settledCache = new IdentityHashMap<>();

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

    /** {@link #settled(double[], int[])}, cached by the identity of the posterior and the class table (both never change). */
    boolean settledCached(double[] p, int[] classOf) {
        if (settledCache.size() > 200_000) settledCache.clear();
        return settledCache.computeIfAbsent(p, x -> new IdentityHashMap<>()).computeIfAbsent(classOf, x -> settled(p, classOf));
    }

    /**
     * I(class; outcome) in bits under posterior {@code p}: H(outcome) − Σ_c P(c) H(outcome | c), with
     * P(c) H(outcome | c) = −Σ_y P(c, y) ln P(c, y) + P(c) ln P(c) (nats), walking the mechanisms class by class.
     */
    double mutualBits(double[] p, int[] outcome, int[] classOf) {
        int[] order = byClass.computeIfAbsent(classOf, MechanismClasses::orderByClass);
        double[] scratch = new double[MechanismBelief.M];
        int[] touchedIds = new int[MechanismBelief.M];
        double hy = MechanismInformation.entropyOver(p, outcome) * Math.log(2);
        double conditional = 0;
        int touched = 0;
        double pc = 0;
        for (int i = 0; i <= order.length; i++) {
            boolean end = i == order.length || (i > 0 && classOf[order[i]] != classOf[order[i - 1]]);
            if (end && i > 0) {
                for (int t = 0; t < touched; t++) {
                    double x = scratch[touchedIds[t]];
                    if (x > 1e-15) conditional -= x * Math.log(x);
                    scratch[touchedIds[t]] = 0;
                }
                if (pc > 1e-15) conditional += pc * Math.log(pc);
                touched = 0;
                pc = 0;
            }
            if (i == order.length) break;
            int m = order[i];
            if (p[m] <= 0) continue;
            int y = outcome[m];
            if (scratch[y] == 0) touchedIds[touched++] = y;
            scratch[y] += p[m];
            pc += p[m];
        }
        return Math.max(0, (hy - conditional) / Math.log(2));
    }

    private static int[] orderByClass(int[] classOf) {
        Integer[] o = new Integer[classOf.length];
        for (int i = 0; i < o.length; i++) o[i] = i;
        Arrays.sort(o, (x, y) -> Integer.compare(classOf[x], classOf[y]));
        int[] out = new int[o.length];
        for (int i = 0; i < o.length; i++) out[i] = o[i];
        return out;
    }
}
