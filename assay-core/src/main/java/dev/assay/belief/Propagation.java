package dev.assay.belief;

import java.util.Arrays;

/**
 * The fast, approximate propagation passes over a {@link SystemGraph}, on a cumulative tolerance table
 * {@code cdf[slot * LEVELS + level] = P(tolerance <= level)} (see {@link Belief#cdfTable}).
 *
 * <p>Model: a fault of class c at level L on a target makes each caller u of a degraded service v degrade
 * when u's tolerance on u→v is at most L, and a degraded u presents the same class and level to its own
 * callers (a slow callee makes its caller about as slow; a failing one makes it fail about as often).
 * Tolerances of different slots are independent in the belief, so "u degrades" is "there is a path of
 * open edges from u down to the target": network reliability, exact by enumeration only on small graphs
 * ({@link ExactPropagation}).
 *
 * <p>Approximation used here (noisy-OR over a DAG): the query's subgraph is ordered by a depth-first
 * search from its root (reverse postorder, a topological order once the edges that close a cycle — DFS
 * back edges — are dropped); each node's probability combines its predecessors by noisy-OR,
 * {@code P(v) = 1 - prod(1 - P(u) p_uv)}. So cycles never loop and are not double-counted; the price is
 * that a dropped cycle-closing edge can also lie on a simple path from the root (entering the cycle at
 * another node), which is then missed — rare in tree-like graphs with few cycles. The root's own
 * tolerance (a journey's SLO) is shared by every path, so it is factored out and multiplied once. The
 * result is exact on trees and polytrees; where paths share edges (diamonds) it treats them as
 * independent and overstates. Measured against {@link ExactPropagation} in PropagationTest (docs/belief.md).
 * Not thread-safe: one instance per thread.
 */
public final class Propagation {
    private static final int K = ChaosScale.LEVELS;
    private final SystemGraph graph;
    private final int[] order;
    private final int[] pos;
    private final int[] stamp;
    private final int[] stackNode;
    private final int[] stackPos;
    private final double[] value;
    private int currentStamp;
    private int visited;

    private Propagation(SystemGraph graph) {
        this.graph = graph;
        int n = graph.serviceCount();
        order = new int[n];
        pos = new int[n];
        stamp = new int[n];
        stackNode = new int[n];
        stackPos = new int[n];
        value = new double[n * K];
    }

    public static Propagation on(SystemGraph graph) {
        return new Propagation(graph);
    }

    /**
     * All levels at once, downwards: the probability that {@code root}'s degradation reaches each service
     * it (transitively) calls, i.e. P(root degrades | fault at v, level L). With {@code journey >= 0} the
     * root is that journey's entry, the walk stays inside the journey's members, and the root's own value
     * is the journey's tolerance of its entry; with {@code journey < 0} the root's value is 1 at every
     * level. Read the result with {@link #visitedCount()}, {@link #visited(int)} and {@link #value(int, int)}.
     */
    public void downward(double[] cdf, int root, int journey) {
        order(root, journey, true);
        int rootSlot = journey >= 0 ? graph.journeySlot(journey) : -1;
        // Every path shares the root's own tolerance: propagate from a certainly degraded root, then
        // multiply by it once (multiplying it into each path first would count it once per path).
        for (int i = 0; i < visited; i++) {
            int u = order[i];
            if (i > 0) for (int l = 0, b = u * K; l < K; l++) value[b + l] = 1 - value[b + l];
            for (int k = graph.outStart(u), end = graph.outStart(u + 1); k < end; k++) {
                int e = graph.outEdges(k);
                int v = graph.edgeTo(e);
                if (stamp[v] == currentStamp && pos[v] > i) combine(u, v, e, cdf, 0, K);
            }
        }
        if (rootSlot >= 0) {
            for (int i = 0; i < visited; i++) {
                for (int l = 0, b = order[i] * K; l < K; l++) value[b + l] *= cdf[rootSlot * K + l];
            }
        }
    }

    /**
     * One level, upwards from the faulted {@code target} through callers: P(service degrades) for every
     * service that (transitively) calls the target; the target itself has 1.
     */
    public void upward(double[] cdf, int target, int level) {
        order(target, -1, false);
        value[target * K + level] = 1.0;
        for (int i = 0; i < visited; i++) {
            int x = order[i];
            if (i > 0) value[x * K + level] = 1 - value[x * K + level];
            for (int k = graph.inStart(x), end = graph.inStart(x + 1); k < end; k++) {
                int e = graph.inEdges(k);
                int u = graph.edgeFrom(e);
                if (stamp[u] == currentStamp && pos[u] > i) combine(x, u, e, cdf, level, level + 1);
            }
        }
    }

    public int visitedCount() {
        return visited;
    }

    /** The {@code i}-th visited service, in visiting order (0 is the root or target). */
    public int visited(int i) {
        return order[i];
    }

    /** The value of a visited service at {@code level}; meaningless for services not visited. */
    public double value(int service, int level) {
        return value[service * K + level];
    }

    public boolean wasVisited(int service) {
        return stamp[service] == currentStamp;
    }

    /** Visits everything reachable from {@code root} (inside the journey, if any) in DFS reverse postorder. */
    private void order(int root, int journey, boolean down) {
        if (++currentStamp == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            currentStamp = 1;
        }
        int done = 0;
        int top = 0;
        stamp[root] = currentStamp;
        stackNode[0] = root;
        stackPos[0] = down ? graph.outStart(root) : graph.inStart(root);
        while (top >= 0) {
            int u = stackNode[top];
            int end = down ? graph.outStart(u + 1) : graph.inStart(u + 1);
            if (stackPos[top] < end) {
                int e = down ? graph.outEdges(stackPos[top]) : graph.inEdges(stackPos[top]);
                stackPos[top]++;
                int v = down ? graph.edgeTo(e) : graph.edgeFrom(e);
                if (stamp[v] == currentStamp || (journey >= 0 && !graph.journeyContains(journey, v))) continue;
                stamp[v] = currentStamp;
                top++;
                stackNode[top] = v;
                stackPos[top] = down ? graph.outStart(v) : graph.inStart(v);
            } else {
                pos[u] = done; // postorder for now
                order[done++] = u;
                top--;
            }
        }
        visited = done;
        for (int i = 0; i < done / 2; i++) {
            int t = order[i];
            order[i] = order[done - 1 - i];
            order[done - 1 - i] = t;
        }
        for (int i = 0; i < done; i++) {
            int v = order[i];
            pos[v] = i;
            Arrays.fill(value, v * K, v * K + K, 1.0);
        }
    }

    /** Accumulates "not degraded" of {@code v} through edge {@code e} from the settled {@code u}. */
    private void combine(int u, int v, int e, double[] cdf, int fromLevel, int toLevel) {
        int bu = u * K;
        int bv = v * K;
        int be = e * K;
        for (int l = fromLevel; l < toLevel; l++) value[bv + l] *= 1 - value[bu + l] * cdf[be + l];
    }
}
