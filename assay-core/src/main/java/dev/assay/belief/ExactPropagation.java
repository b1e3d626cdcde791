package dev.assay.belief;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The reference answer to "does {@code root}'s degradation reach the faulted {@code target}": the
 * probability that some path of open edges leads from root to target, where edge e is open with
 * probability {@code cdf[e * LEVELS + level]} independently. Only edges on some root→target path matter
 * (both ends reachable from root and reaching target, inside the journey's members when a journey is
 * given). Exact by enumerating all 2^m open/closed states when m &le; {@code maxEnumeratedEdges} (at most
 * 20), otherwise a Monte-Carlo estimate from {@code samples} seeded draws (standard error &le;
 * 0.5/sqrt(samples)). Used to check {@link Propagation}'s approximation and to re-score the planner's top
 * candidates. Stateless and thread-safe.
 */
public final class ExactPropagation {
    private static final int K = ChaosScale.LEVELS;

    private ExactPropagation() {
    }

    /**
     * P(root degrades | fault at target, level): with {@code journey >= 0} the root is that journey's entry
     * and the result includes the journey's own tolerance; with {@code journey < 0} root is {@code root}.
     */
    public static double reach(SystemGraph g, double[] cdf, int journey, int root, int target, int level,
                               int maxEnumeratedEdges, int samples, long seed) {
        int start = journey >= 0 ? g.journeyEntry(journey) : root;
        double rootP = journey >= 0 ? cdf[g.journeySlot(journey) * K + level] : 1.0;
        if (start == target) return rootP;
        boolean[] down = mark(g, journey, start, true);
        boolean[] up = mark(g, journey, target, false);
        int n = g.serviceCount();
        int[] local = new int[n];
        int k = 0;
        for (int v = 0; v < n; v++) local[v] = down[v] && up[v] ? k++ : -1;
        if (local[target] < 0) return 0.0;
        List<int[]> edges = new ArrayList<>();
        List<Double> probs = new ArrayList<>();
        for (int e = 0; e < g.edgeCount(); e++) {
            int a = g.edgeFrom(e);
            int b = g.edgeTo(e);
            if (local[a] >= 0 && local[b] >= 0 && a != target) {
                edges.add(new int[] {local[a], local[b]});
                probs.add(cdf[e * K + level]);
            }
        }
        int m = edges.size();
        int s = local[start];
        int t = local[target];
        double p;
        if (m <= Math.min(20, maxEnumeratedEdges)) {
            p = 0;
            for (int mask = 0; mask < (1 << m); mask++) {
                double w = 1;
                for (int i = 0; i < m && w > 0; i++) w *= (mask & (1 << i)) != 0 ? probs.get(i) : 1 - probs.get(i);
                int state = mask;
                if (w > 0 && reaches(edges, k, s, t, i -> (state & (1 << i)) != 0)) p += w;
            }
        } else {
            SplittableRandom rnd = new SplittableRandom(seed);
            boolean[] open = new boolean[m];
            int hits = 0;
            for (int draw = 0; draw < samples; draw++) {
                for (int i = 0; i < m; i++) open[i] = rnd.nextDouble() < probs.get(i);
                if (reaches(edges, k, s, t, i -> open[i])) hits++;
            }
            p = hits / (double) samples;
        }
        return rootP * p;
    }

    private static boolean reaches(List<int[]> edges, int k, int s, int t, java.util.function.IntPredicate open) {
        boolean[] seen = new boolean[k];
        seen[s] = true;
        boolean changed = true;
        while (changed && !seen[t]) {
            changed = false;
            for (int i = 0; i < edges.size(); i++) {
                int[] e = edges.get(i);
                if (seen[e[0]] && !seen[e[1]] && open.test(i)) {
                    seen[e[1]] = true;
                    changed = true;
                }
            }
        }
        return seen[t];
    }

    private static boolean[] mark(SystemGraph g, int journey, int from, boolean downwards) {
        boolean[] seen = new boolean[g.serviceCount()];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        seen[from] = true;
        queue.add(from);
        while (!queue.isEmpty()) {
            int x = queue.poll();
            int startPos = downwards ? g.outStart(x) : g.inStart(x);
            int end = downwards ? g.outStart(x + 1) : g.inStart(x + 1);
            for (int i = startPos; i < end; i++) {
                int e = downwards ? g.outEdges(i) : g.inEdges(i);
                int y = downwards ? g.edgeTo(e) : g.edgeFrom(e);
                if (journey >= 0 && !g.journeyContains(journey, y)) continue;
                if (!seen[y]) {
                    seen[y] = true;
                    queue.add(y);
                }
            }
        }
        return seen;
    }
}
