package dev.assay.planner;

import dev.assay.belief.Propagation;
import dev.assay.belief.SystemGraph;

/**
 * The update-aware part of a generated candidate's EIG: the expected information {@code Belief.update} would
 * gain about each tolerance slot if the fault ran and every service's outcome were observed. The update
 * moves an edge slot u→x (its mass at or below the level vs above) from the outcome of u, with
 * {@code a = P(x degraded)} and {@code b = P(u degrades through its other callees)} (see BeliefUpdate); a
 * journey slot from its entry with {@code b = 0}. Before the experiment x is degraded with probability
 * {@code P(x)}, so the expected gain for the slot is {@code P(x) · I(T ≤ L; seen_u)} with the update's own
 * noisy channel, {@code I = h(q(1-fn) + (1-q)r) - q h(fn) - (1-q) h(r)}, {@code q = P(T ≤ L)},
 * {@code r = b(1-fn) + (1-b)fp}. A slot that is already certain ({@code q} 0 or 1), or whose caller's
 * outcome is already explained by another path ({@code b → 1}), contributes 0, so repeating an experiment
 * the belief cannot learn from stops paying. Summed over slots (a factorisation, as the update itself is).
 */
final class SlotInformation {
    private final SystemGraph g;
    private final Propagation prop;
    private final double fp;
    private final double fn;
    private final double hfn;
    private double radius;

    SlotInformation(SystemGraph g, double fp, double fn) {
        this.g = g;
        this.prop = Propagation.on(g);
        this.fp = fp;
        this.fn = fn;
        this.hfn = Eig.h(fn);
    }

    /** Expected bits over every slot the update would touch for a fault at {@code v}, level {@code l}. */
    double bits(double[] cdf, int v, int l) {
        int k = dev.assay.belief.ChaosScale.LEVELS;
        prop.upward(cdf, v, l);
        double bits = 0;
        radius = 0;
        for (int i = 0; i < prop.visitedCount(); i++) {
            int x = prop.visited(i);
            double px = prop.value(x, l);
            if (x != v) radius += px;
            if (px <= 1e-9) continue;
            for (int in = g.inStart(x), end = g.inStart(x + 1); in < end; in++) {
                int e = g.inEdges(in);
                int u = g.edgeFrom(e);
                if (u == v || !prop.wasVisited(u)) continue;
                double notOther = 1;
                for (int o = g.outStart(u), oe = g.outStart(u + 1); o < oe; o++) {
                    int e2 = g.outEdges(o);
                    if (e2 != e && prop.wasVisited(g.edgeTo(e2))) notOther *= 1 - prop.value(g.edgeTo(e2), l) * cdf[e2 * k + l];
                }
                bits += px * information(cdf[e * k + l], 1 - notOther);
            }
        }
        for (int j = 0; j < g.journeyCount(); j++) {
            int x = g.journeyEntry(j);
            if (!prop.wasVisited(x)) continue;
            double px = x == v ? 1 : prop.value(x, l);
            if (px > 1e-9) bits += px * information(cdf[g.journeySlot(j) * k + l], 0);
        }
        return bits;
    }

    /** The expected number of services degraded besides the target by the last {@link #bits} query. */
    double lastBlastRadius() {
        return radius;
    }

    /** I(T ≤ L; caller seen degraded) for {@code q = P(T ≤ L)}, other paths degrading the caller with {@code b}. */
    double information(double q, double b) {
        q = Math.min(1, Math.max(0, q));
        double r = b * (1 - fn) + (1 - b) * fp;
        double seen = q * (1 - fn) + (1 - q) * r;
        return Math.max(0, Eig.h(seen) - q * hfn - (1 - q) * Eig.h(r));
    }
}
