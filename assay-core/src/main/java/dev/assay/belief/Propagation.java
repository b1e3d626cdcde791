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
 * <p>Approximation used here (noisy-OR over a BFS DAG): nodes are visited once, in breadth-first order
 * from the query's root; a node's probability combines its predecessors in that order by noisy-OR,
 * {@code P(v) = 1 - prod(1 - P(u) p_uv)}, and edges that point back to an already-visited node are
 * ignored. So cycles never loop and are not double-counted; the result is exact on trees and polytrees
 * and overstates a little where paths share edges (diamonds). Not thread-safe: one instance per thread.
 */
public final class Propagation {
    private static final int K = ChaosScale.LEVELS;
    private final SystemGraph graph;
    private final int[] order;
    private final int[] pos;
    private final int[] stamp;
    private final double[] value;
    private int currentStamp;
    private int visited;

    private Propagation(SystemGraph graph) {
        this.graph = graph;
        int n = graph.serviceCount();
        order = new int[n];
        pos = new int[n];
        stamp = new int[n];
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
        begin(root);
        int rootSlot = journey >= 0 ? graph.journeySlot(journey) : -1;
        for (int l = 0; l < K; l++) value[root * K + l] = rootSlot >= 0 ? cdf[rootSlot * K + l] : 1.0;
        int head = 0;
        while (head < visited) {
            int u = order[head];
            if (head > 0) for (int l = 0, b = u * K; l < K; l++) value[b + l] = 1 - value[b + l];
            int pu = head++;
            for (int i = graph.outStart(u), end = graph.outStart(u + 1); i < end; i++) {
                int e = graph.outEdges(i);
                int v = graph.edgeTo(e);
                if (journey >= 0 && !graph.journeyContains(journey, v)) continue;
                if (!discover(v, pu)) continue;
                combine(u, v, e, cdf, 0, K);
            }
        }
    }

    /**
     * One level, upwards from the faulted {@code target} through callers: P(service degrades) for every
     * service that (transitively) calls the target; the target itself has 1.
     */
    public void upward(double[] cdf, int target, int level) {
        begin(target);
        value[target * K + level] = 1.0;
        int head = 0;
        while (head < visited) {
            int x = order[head];
            if (head > 0) value[x * K + level] = 1 - value[x * K + level];
            int px = head++;
            for (int i = graph.inStart(x), end = graph.inStart(x + 1); i < end; i++) {
                int e = graph.inEdges(i);
                int u = graph.edgeFrom(e);
                if (!discover(u, px)) continue;
                combine(x, u, e, cdf, level, level + 1);
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

    private void begin(int root) {
        if (++currentStamp == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            currentStamp = 1;
        }
        visited = 0;
        stamp[root] = currentStamp;
        pos[root] = 0;
        order[visited++] = root;
    }

    /** Marks {@code v} seen from the node at position {@code from}; false when the edge points back. */
    private boolean discover(int v, int from) {
        if (stamp[v] != currentStamp) {
            stamp[v] = currentStamp;
            pos[v] = visited;
            order[visited++] = v;
            Arrays.fill(value, v * K, v * K + K, 1.0);
            return true;
        }
        return pos[v] > from;
    }

    /** Accumulates "not degraded" of {@code v} through edge {@code e} from the settled {@code u}. */
    private void combine(int u, int v, int e, double[] cdf, int fromLevel, int toLevel) {
        int bu = u * K;
        int bv = v * K;
        int be = e * K;
        for (int l = fromLevel; l < toLevel; l++) value[bv + l] *= 1 - value[bu + l] * cdf[be + l];
    }
}
