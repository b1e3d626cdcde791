package dev.assay.belief;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The reference answer to "does {@code root}'s degradation reach the faulted {@code target}": the
 * probability that some path of open edges leads from root to target, where edge e is open with
 * probability {@code cdf[e * LEVELS + level]} independently. Only edges on some root→target path matter
 * (both ends reachable from root and reaching target, inside the journey's members when a journey is
 * given). Exact by enumerating all 2^m open/closed states when m &le; {@code maxEnumeratedEdges} (at most
 * 20), otherwise a Monte-Carlo estimate from {@code samples} seeded draws (standard error &le;
 * 0.5/sqrt(samples)). Used to check {@link Propagation}'s approximation and to re-score the planner's top
 * candidates. An instance ({@link #on}) reuses its work arrays and is not thread-safe; the static
 * {@link #reach} allocates its own.
 */
public final class ExactPropagation {
    private static final int K = ChaosScale.LEVELS;
    private final SystemGraph g;
    private final int[] stampDown;
    private final int[] stampUp;
    private final int[] local;
    private final int[] queue;
    private int stamp;

    private ExactPropagation(SystemGraph g) {
        this.g = g;
        int n = g.serviceCount();
        stampDown = new int[n];
        stampUp = new int[n];
        local = new int[n];
        queue = new int[n];
    }

    public static ExactPropagation on(SystemGraph graph) {
        return new ExactPropagation(graph);
    }

    /** {@link #reach(int, int, int, double[], int, int, int, long)} with a fresh work area. */
    public static double reach(SystemGraph g, double[] cdf, int journey, int root, int target, int level,
                               int maxEnumeratedEdges, int samples, long seed) {
        return on(g).reach(journey, root, target, cdf, level, maxEnumeratedEdges, samples, seed);
    }

    /**
     * P(root degrades | fault at target, level): with {@code journey >= 0} the root is that journey's entry
     * and the result includes the journey's own tolerance; with {@code journey < 0} root is {@code root}.
     */
    public double reach(int journey, int root, int target, double[] cdf, int level, int maxEnumeratedEdges, int samples, long seed) {
        int start = journey >= 0 ? g.journeyEntry(journey) : root;
        double rootP = journey >= 0 ? cdf[g.journeySlot(journey) * K + level] : 1.0;
        if (start == target) return rootP;
        if (++stamp == Integer.MAX_VALUE) {
            Arrays.fill(stampDown, 0);
            Arrays.fill(stampUp, 0);
            stamp = 1;
        }
        // Down from start, then up from target through nodes seen going down: the nodes on start→target paths.
        int down = bfs(start, journey, true, stampDown, null);
        if (stampDown[target] != stamp) return 0.0;
        int k = bfs(target, journey, false, stampUp, stampDown);
        for (int i = 0; i < k; i++) local[queue[i]] = i;
        int m = 0;
        for (int i = 0; i < k; i++) {
            int u = queue[i];
            if (u == target) continue;
            for (int p = g.outStart(u); p < g.outStart(u + 1); p++) if (stampUp[g.edgeTo(g.outEdges(p))] == stamp) m++;
        }
        int[] from = new int[m];
        int[] to = new int[m];
        double[] prob = new double[m];
        int[] outStart = new int[k + 1];
        int idx = 0;
        // Edges grouped by local source, so each node's out-edges are a contiguous range.
        int[] byLocal = Arrays.copyOf(queue, k);
        for (int a = 0; a < k; a++) {
            int u = byLocal[a];
            outStart[a] = idx;
            if (u == target) continue;
            for (int p = g.outStart(u); p < g.outStart(u + 1); p++) {
                int e = g.outEdges(p);
                int v = g.edgeTo(e);
                if (stampUp[v] != stamp) continue;
                from[idx] = a;
                to[idx] = local[v];
                prob[idx++] = cdf[e * K + level];
            }
        }
        outStart[k] = idx;
        int s = local[start];
        int t = local[target];
        double p;
        boolean[] open = new boolean[m];
        int[] work = new int[k];
        boolean[] seen = new boolean[k];
        if (m <= Math.min(20, maxEnumeratedEdges)) {
            p = 0;
            for (int mask = 0; mask < (1 << m); mask++) {
                double w = 1;
                for (int i = 0; i < m && w > 0; i++) {
                    open[i] = (mask & (1 << i)) != 0;
                    w *= open[i] ? prob[i] : 1 - prob[i];
                }
                if (w > 0 && reaches(outStart, to, open, s, t, work, seen)) p += w;
            }
        } else {
            SplittableRandom rnd = new SplittableRandom(seed);
            int hits = 0;
            for (int draw = 0; draw < samples; draw++) {
                for (int i = 0; i < m; i++) open[i] = rnd.nextDouble() < prob[i];
                if (reaches(outStart, to, open, s, t, work, seen)) hits++;
            }
            p = samples == 0 ? 0 : hits / (double) samples;
        }
        return rootP * p;
    }

    private static boolean reaches(int[] outStart, int[] to, boolean[] open, int s, int t, int[] work, boolean[] seen) {
        Arrays.fill(seen, false);
        int head = 0;
        int tail = 0;
        work[tail++] = s;
        seen[s] = true;
        while (head < tail) {
            int u = work[head++];
            for (int i = outStart[u]; i < outStart[u + 1]; i++) {
                if (!open[i] || seen[to[i]]) continue;
                if (to[i] == t) return true;
                seen[to[i]] = true;
                work[tail++] = to[i];
            }
        }
        return false;
    }

    /** BFS inside the journey (and inside {@code within}'s current stamp, if given); fills {@link #queue}. */
    private int bfs(int from, int journey, boolean downwards, int[] mark, int[] within) {
        int head = 0;
        int tail = 0;
        mark[from] = stamp;
        queue[tail++] = from;
        while (head < tail) {
            int x = queue[head++];
            int a = downwards ? g.outStart(x) : g.inStart(x);
            int b = downwards ? g.outStart(x + 1) : g.inStart(x + 1);
            for (int i = a; i < b; i++) {
                int e = downwards ? g.outEdges(i) : g.inEdges(i);
                int y = downwards ? g.edgeTo(e) : g.edgeFrom(e);
                if (mark[y] == stamp || (journey >= 0 && !g.journeyContains(journey, y))) continue;
                if (within != null && within[y] != stamp) continue;
                mark[y] = stamp;
                queue[tail++] = y;
            }
        }
        return tail;
    }
}
