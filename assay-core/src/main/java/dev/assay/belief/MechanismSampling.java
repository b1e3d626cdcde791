package dev.assay.belief;

import dev.assay.model.Fault;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@link MechanismBelief} predicts: a fixed set of particles (joint mechanism assignments drawn from the
 * posteriors with common random numbers) pushed through {@link MechanismForward}, and the predictions they gave, cached
 * by the identity of the posteriors of each prediction's cone. One per belief instance; a copy starts its own.
 */
final class MechanismSampling {
    private final MechanismBelief b;
    private int particlesVersion = -1;
    private int[][] particles;
    private double[][] drawnFrom;
    /** Predictions by fault, valid while their cone's posteriors are the same arrays (see {@link #particles()}). */
    private final Map<Fault, CachedPrediction> predictions = new HashMap<>();

    private record CachedPrediction(int[] edges, double[][] posts, MechanismPrediction prediction) {
        boolean valid(double[][] post) {
            for (int i = 0; i < edges.length; i++) if (post[edges[i]] != posts[i]) return false;
            return true;
        }
    }

    MechanismSampling(MechanismBelief belief) {
        this.b = belief;
    }

    /** {@link MechanismBelief#predict} of a fault on service {@code target}, cached while its cone's posteriors are unchanged. */
    MechanismPrediction predict(Fault fault, int target) {
        SystemGraph g = b.g;
        MechanismForward forward = b.forward;
        double[][] post = b.post;
        CachedPrediction cached = predictions.get(fault);
        if (cached != null && cached.valid(post)) return cached.prediction();
        RequestMix ingress = RequestMix.ofFault(fault, fault.peak());
        int[][] draws = particles();
        int[] cone = forward.cone(target, null);
        int[] coneEdges = coneEdges(cone);
        Map<String, Double> services = new LinkedHashMap<>();
        double[] degraded = new double[g.serviceCount()];
        RequestMix[][] all = forward.runAll(cone, target, ingress, draws);
        RequestMix[] best = all[0];
        for (RequestMix[] mixes : all) {
            for (int s : cone) if (b.degraded(mixes[s])) degraded[s] += 1;
        }
        Map<String, MechanismPrediction.Sli> slis = new LinkedHashMap<>();
        for (int s : cone) {
            services.put(g.serviceName(s), degraded[s] / draws.length);
            slis.put(g.serviceName(s), new MechanismPrediction.Sli(best[s].failureRate(), best[s].quantileMs(0.99)));
        }
        Map<String, Double> journeys = new LinkedHashMap<>();
        for (int j = 0; j < g.journeyCount(); j++) {
            if (!g.journeyContains(j, target)) continue;
            boolean[] allowed = new boolean[g.serviceCount()];
            for (int s : g.journeyMembers(j)) allowed[s] = true;
            int[] jc = forward.cone(target, allowed);
            int entry = g.journeyEntry(j);
            double hit = 0;
            for (RequestMix[] mixes : forward.runAll(jc, target, ingress, draws)) {
                if (mixes[entry] != null && b.degraded(mixes[entry])) hit += 1;
            }
            journeys.put(g.journeyName(j), hit / draws.length);
        }
        MechanismPrediction out = new MechanismPrediction(fault, services, journeys, slis);
        if (predictions.size() > 50_000) predictions.clear();
        double[][] posts = new double[coneEdges.length][];
        for (int i = 0; i < coneEdges.length; i++) posts[i] = post[coneEdges[i]];
        predictions.put(fault, new CachedPrediction(coneEdges, posts, out));
        return out;
    }

    /**
     * The particles: draw 0 is the most probable assignment; draw k ≥ 1 takes each edge's mechanism by inverting its
     * posterior at a uniform fixed per (seed, k, edge) (common random numbers). So an edge's draws change only when its
     * own posterior does, and a prediction changes only when a posterior of its cone does: an update elsewhere does not
     * re-roll every prediction (which made P(degraded) near 0.5 flip from one experiment to the next), and predictions
     * can be cached by the identity of their cone's posteriors ({@link #predict}).
     */
    private int[][] particles() {
        if (particlesVersion == b.version() && particles != null) return particles;
        SystemGraph g = b.g;
        double[][] post = b.post;
        int s = b.settings.particles();
        if (particles == null) {
            particles = new int[s][];
            particles[0] = b.map();
            for (int k = 1; k < s; k++) {
                particles[k] = new int[g.edgeCount()];
                for (int e = 0; e < g.edgeCount(); e++) particles[k][e] = draw(k, e);
            }
            drawnFrom = post.clone();
        } else {
            particles[0] = b.map();
            for (int e = 0; e < g.edgeCount(); e++) {
                if (drawnFrom[e] == post[e]) continue;
                for (int k = 1; k < s; k++) particles[k][e] = draw(k, e);
                drawnFrom[e] = post[e];
            }
        }
        particlesVersion = b.version();
        return particles;
    }

    private int draw(int k, int e) {
        long z = b.settings.seed() * 0x9E3779B97F4A7C15L + k * 0xBF58476D1CE4E5B9L + e * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        double u = (z >>> 11) * 0x1.0p-53;
        double[] p = b.post[e];
        int i = 0;
        double acc = p[0];
        while (acc < u && i < MechanismBelief.M - 1) acc += p[++i];
        return i;
    }

    private int[] coneEdges(int[] cone) {
        SystemGraph g = b.g;
        boolean[] in = new boolean[g.serviceCount()];
        for (int s : cone) in[s] = true;
        List<Integer> es = new ArrayList<>();
        for (int s : cone) {
            for (int i = g.outStart(s), end = g.outStart(s + 1); i < end; i++) {
                int e = g.outEdges(i);
                if (in[g.edgeTo(e)] && b.forward.carries(e)) es.add(e);
            }
        }
        return es.stream().mapToInt(Integer::intValue).toArray();
    }
}
