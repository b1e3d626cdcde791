package dev.assay.sim;

import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topology as int-indexed adjacency, cut into a DAG by {@link dev.assay.belief.CallOrder} (the same cut the
 * mechanism belief uses): back edges are dropped, and every service gets a rank such that each remaining edge goes
 * from a higher rank (caller) to a lower one (callee).
 */
final class CallGraph {
    /** At most this many sequential calls per request are simulated on one edge. */
    static final int MAX_CALLS = 20;

    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final List<Edge> edges;
    private final int[] from;
    private final int[] to;
    private final int[][] callees;
    private final int[][] callers;
    private final int[] rank;
    private final double[] loadShare;

    private CallGraph(Topology t) {
        for (Service s : t.services()) {
            index.put(s.name(), names.size());
            names.add(s.name());
        }
        edges = t.edges();
        int n = names.size();
        from = new int[edges.size()];
        to = new int[edges.size()];
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new ArrayList<>());
        for (int e = 0; e < edges.size(); e++) {
            from[e] = index.get(edges.get(e).from());
            to[e] = index.get(edges.get(e).to());
            out.get(from[e]).add(e);
        }
        rank = new int[n];
        boolean[] back = new boolean[edges.size()];
        dev.assay.belief.CallOrder order = dev.assay.belief.CallOrder.of(dev.assay.belief.SystemGraph.of(t));
        for (int s = 0; s < n; s++) rank[s] = order.rank(s);
        for (int e = 0; e < edges.size(); e++) back[e] = order.back(e);
        List<List<Integer>> in = new ArrayList<>();
        for (int i = 0; i < n; i++) in.add(new ArrayList<>());
        callees = new int[n][];
        double[] inCalls = new double[n];
        for (int s = 0; s < n; s++) {
            callees[s] = out.get(s).stream().filter(e -> !back[e]).mapToInt(Integer::intValue).toArray();
            for (int e : callees[s]) {
                in.get(to[e]).add(e);
                inCalls[to[e]] += edges.get(e).callsPerRequest();
            }
        }
        callers = new int[n][];
        for (int s = 0; s < n; s++) callers[s] = in.get(s).stream().mapToInt(Integer::intValue).toArray();
        loadShare = new double[edges.size()];
        for (int e = 0; e < edges.size(); e++) {
            loadShare[e] = back[e] ? 0 : edges.get(e).callsPerRequest() / inCalls[to[e]];
        }
    }

    static CallGraph of(Topology t) {
        return new CallGraph(t);
    }

    int size() {
        return names.size();
    }

    int index(String name) {
        return index.getOrDefault(name, -1);
    }

    String name(int i) {
        return names.get(i);
    }

    Edge edge(int e) {
        return edges.get(e);
    }

    int from(int e) {
        return from[e];
    }

    int to(int e) {
        return to[e];
    }

    int rank(int s) {
        return rank[s];
    }

    int[] calleeEdges(int s) {
        return callees[s];
    }

    int[] callerEdges(int s) {
        return callers[s];
    }

    /** The share of the callee's calls that come over edge {@code e} (by calls per request). */
    double loadShare(int e) {
        return loadShare[e];
    }
}
