package dev.assay.belief;

import dev.assay.model.FaultClass;
import dev.assay.model.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prediction and Bayes' rule for {@link Belief}. The exact posterior over all tolerances jointly is not a
 * product of per-slot distributions, so each slot is updated with its own likelihood, the others held at
 * the current belief (assumed-density filtering, the standard factorised update):
 * for an observed caller u of a possibly degraded v (the target, or a service predicted to degrade),
 * <pre>
 *   a = P(v truly degraded | what was observed of v)     b = P(u degrades through its other callees)
 *   P(u degrades | T_uv &le; L) = 1 - (1 - a)(1 - b)      P(u degrades | T_uv &gt; L) = b
 * </pre>
 * and the observation of u is noisy: P(seen degraded | degraded) = 1 - falseNegative, P(seen degraded |
 * healthy) = falsePositive. Levels &le; L are multiplied by the first likelihood, levels &gt; L and "never" by
 * the second, raised to the observation's weight (1 for experiments, less for incidents), then
 * normalised. All likelihoods are computed from the belief before the update, so the order of slots does
 * not matter. A journey's slot is updated the same way from its entry (a = its entry's state, b = 0).
 */
final class BeliefUpdate {
    private static final int K = Belief.K;

    private BeliefUpdate() {
    }

    static Prediction predict(Belief belief, FaultClass c, int target, int level) {
        SystemGraph g = belief.graph;
        double[] cdf = belief.cdfTable(c);
        Propagation prop = Propagation.on(g);
        prop.upward(cdf, target, level);
        Map<String, Double> services = new LinkedHashMap<>();
        for (int i = 0; i < prop.visitedCount(); i++) {
            int v = prop.visited(i);
            double x = prop.value(v, level);
            if (x > 1e-12) services.put(g.serviceName(v), x);
        }
        Map<String, Double> journeys = new LinkedHashMap<>();
        for (int j = 0; j < g.journeyCount(); j++) {
            if (!g.journeyContains(j, target)) continue;
            prop.downward(cdf, g.journeyEntry(j), j);
            double x = prop.wasVisited(target) ? prop.value(target, level) : 0;
            if (x > 1e-12) journeys.put(g.journeyName(j), x);
        }
        return new Prediction(g.serviceName(target), sorted(services), sorted(journeys));
    }

    static Learning apply(Belief belief, Observation obs, double weight) {
        belief.ageTo(obs.at());
        SystemGraph g = belief.graph;
        int t = g.service(obs.target()).orElseThrow(() -> new InvalidInputException(
                "observation target '" + obs.target() + "' is not a service of topology '" + g.topology().name() + "'"));
        int level = obs.level();
        FaultClass c = obs.faultClass();
        double fp = belief.settings.falsePositive();
        double fn = belief.settings.falseNegative();
        double[] cdf = belief.cdfTable(c);
        Propagation prop = Propagation.on(g);
        prop.upward(cdf, t, level);
        double[] post = new double[g.serviceCount()];
        Boolean[] seen = new Boolean[g.serviceCount()];
        obs.services().forEach((name, degraded) -> g.service(name).ifPresent(s -> seen[s] = degraded));
        for (int i = 0; i < prop.visitedCount(); i++) {
            int v = prop.visited(i);
            double d = v == t ? 1.0 : prop.value(v, level);
            if (seen[v] != null && v != t) d = seen[v] ? d * (1 - fn) / (d * (1 - fn) + (1 - d) * fp) : d * fn / (d * fn + (1 - d) * (1 - fp));
            post[v] = Double.isNaN(d) ? 0 : d;
        }
        List<double[]> pending = new ArrayList<>();
        for (int i = 0; i < prop.visitedCount(); i++) {
            int x = prop.visited(i);
            if (post[x] <= 0) continue;
            for (int k = g.inStart(x), end = g.inStart(x + 1); k < end; k++) {
                int e = g.inEdges(k);
                int u = g.edgeFrom(e);
                if (u == t || seen[u] == null) continue;
                double notOther = 1;
                for (int o = g.outStart(u), oe = g.outStart(u + 1); o < oe; o++) {
                    int e2 = g.outEdges(o);
                    if (e2 != e && prop.wasVisited(g.edgeTo(e2))) notOther *= 1 - post[g.edgeTo(e2)] * cdf[e2 * K + level];
                }
                pending.add(likelihoods(e, post[x], 1 - notOther, seen[u], fp, fn));
            }
        }
        obs.journeys().forEach((name, degraded) -> g.journey(name).ifPresent(j -> {
            int x = g.journeyEntry(j);
            double a = x == t ? 1.0 : prop.wasVisited(x) ? post[x] : 0;
            if (a > 0) pending.add(likelihoods(g.journeySlot(j), a, 0, degraded, fp, fn));
        }));
        double bits = 0;
        int changed = 0;
        long at = obs.at().toEpochMilli();
        double[] before = new double[Belief.W];
        for (double[] lik : pending) {
            int slot = (int) lik[0];
            int b = Belief.base(slot, c);
            System.arraycopy(belief.p, b, before, 0, Belief.W);
            double low = Math.pow(lik[1], weight);
            double high = Math.pow(lik[2], weight);
            double sum = 0;
            for (int i = 0; i < Belief.W; i++) {
                belief.p[b + i] *= i <= level ? low : high;
                sum += belief.p[b + i];
            }
            if (!(sum > 0)) {
                System.arraycopy(before, 0, belief.p, b, Belief.W);
                continue;
            }
            for (int i = 0; i < Belief.W; i++) belief.p[b + i] /= sum;
            double kl = Belief.klBits(java.util.Arrays.copyOfRange(belief.p, b, b + Belief.W), before, 0, Belief.W);
            bits += kl;
            if (kl > 1e-12) changed++;
            belief.updatedAt[slot * Belief.CLASSES.length + c.ordinal()] = at;
        }
        belief.invalidate();
        return new Learning(bits, changed);
    }

    /** {slot, likelihood if tolerance <= level, likelihood if above} for an observation of the caller. */
    private static double[] likelihoods(int slot, double a, double b, boolean seenDegraded, double fp, double fn) {
        double ifLow = 1 - (1 - a) * (1 - b);
        double ifHigh = b;
        double whenDegraded = seenDegraded ? 1 - fn : fn;
        double whenHealthy = seenDegraded ? fp : 1 - fp;
        return new double[] {slot, whenDegraded * ifLow + whenHealthy * (1 - ifLow), whenDegraded * ifHigh + whenHealthy * (1 - ifHigh)};
    }

    private static Map<String, Double> sorted(Map<String, Double> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
