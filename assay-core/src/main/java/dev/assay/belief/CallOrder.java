package dev.assay.belief;

import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The call graph cut into a DAG, the same way in the simulator and the mechanism belief: a depth-first search from
 * the journey entries (in topology order), then from every other service in topology order, marks the edges that
 * close a cycle ({@link #back}); a request never re-enters a service already on its call path, so those edges
 * carry nothing. Every service gets a post-order rank: each remaining edge goes from a higher rank (caller) to a
 * lower one (callee), so evaluating services by increasing rank sees callees first. Immutable.
 */
public final class CallOrder {
    private final boolean[] back;
    private final int[] rank;

    private CallOrder(SystemGraph g) {
        int n = g.serviceCount();
        back = new boolean[g.edgeCount()];
        rank = new int[n];
        Set<Integer> roots = new LinkedHashSet<>();
        for (int j = 0; j < g.journeyCount(); j++) roots.add(g.journeyEntry(j));
        for (int i = 0; i < n; i++) roots.add(i);
        int[] state = new int[n];
        int[] cursor = new int[n];
        int next = 0;
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        for (int root : roots) {
            if (state[root] != 0) continue;
            stack.push(root);
            state[root] = 1;
            while (!stack.isEmpty()) {
                int s = stack.peek();
                int end = g.outStart(s + 1);
                if (g.outStart(s) + cursor[s] < end) {
                    int e = g.outEdges(g.outStart(s) + cursor[s]++);
                    int c = g.edgeTo(e);
                    if (state[c] == 1) back[e] = true;
                    else if (state[c] == 0) {
                        state[c] = 1;
                        stack.push(c);
                    }
                } else {
                    stack.pop();
                    state[s] = 2;
                    rank[s] = next++;
                }
            }
        }
    }

    public static CallOrder of(SystemGraph graph) {
        return new CallOrder(graph);
    }

    /** Whether edge {@code e} closes a cycle and so carries nothing. */
    public boolean back(int edge) {
        return back[edge];
    }

    public int rank(int service) {
        return rank[service];
    }
}
