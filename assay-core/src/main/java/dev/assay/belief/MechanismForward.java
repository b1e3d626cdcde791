package dev.assay.belief;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Propagation of request mixes up the call graph for one assignment of mechanisms to edges: a service answers as its
 * own ingress (the fault, at the target) then each of its sync callees' views in sequence (delays add, a request fails
 * if any call fails); a view is the edge's {@link EdgeMechanism#view} of the callee, repeated {@code callsPerRequest}
 * times; async and cycle-closing ({@link CallOrder#back}) edges carry nothing. The same rules as the simulator.
 */
final class MechanismForward {
    static final int MAX_CALLS = 20;

    private final SystemGraph g;
    private final CallOrder order;
    private final MechanismViews views = new MechanismViews();

    MechanismForward(SystemGraph g, CallOrder order) {
        this.g = g;
        this.order = order;
    }

    double callsPerRequest(int e) {
        return g.edgeCallsPerRequest(e);
    }

    /** Whether edge {@code e} can carry anything to its caller. */
    boolean carries(int e) {
        return g.edgeSync(e) && !order.back(e);
    }

    /** Services upstream of {@code target} over carrying edges (within {@code allowed} when not null), callees first. */
    int[] cone(int target, boolean[] allowed) {
        boolean[] seen = new boolean[g.serviceCount()];
        List<Integer> out = new ArrayList<>();
        seen[target] = true;
        out.add(target);
        for (int k = 0; k < out.size(); k++) {
            int s = out.get(k);
            for (int i = g.inStart(s), end = g.inStart(s + 1); i < end; i++) {
                int e = g.inEdges(i);
                int caller = g.edgeFrom(e);
                if (!carries(e) || seen[caller] || (allowed != null && !allowed[caller])) continue;
                seen[caller] = true;
                out.add(caller);
            }
        }
        int[] a = out.stream().mapToInt(Integer::intValue).toArray();
        Integer[] boxed = Arrays.stream(a).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, (x, y) -> Integer.compare(order.rank(x), order.rank(y)));
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }

    /** One call's outcome over edge {@code e} as its caller sees it, under mechanism {@code m}. */
    RequestMix view(int e, int m, RequestMix callee) {
        return views(e, callee).byMechanism()[m];
    }

    /** Every grid mechanism's view of {@code callee} over edge {@code e}, identical ones shared ({@link MechanismViews}). */
    MechanismViews.Views views(int e, RequestMix callee) {
        return views.of(g.edgeCallsPerRequest(e), callee);
    }

    /**
     * {@link #run} for many assignments at once: {@code out[k]} is {@code run(cone, target, ingress, assignments[k])}.
     * Per service, assignments that agree on its carrying out-edges' mechanisms and whose callees answer with the same
     * mix share one computed mix (interned per service), so the cost is the number of distinct service states, not
     * assignments × services.
     */
    RequestMix[][] runAll(int[] cone, int target, RequestMix ingress, int[][] assignments) {
        int n = assignments.length;
        RequestMix[][] out = new RequestMix[n][g.serviceCount()];
        int[][] ids = new int[n][g.serviceCount()];
        java.util.Map<List<Integer>, Integer> interned = new java.util.HashMap<>();
        List<RequestMix> distinct = new ArrayList<>();
        for (int s : cone) {
            interned.clear();
            distinct.clear();
            RequestMix own = s == target ? ingress : RequestMix.BASELINE;
            for (int k = 0; k < n; k++) {
                List<Integer> key = new ArrayList<>();
                for (int i = g.outStart(s), end = g.outStart(s + 1); i < end; i++) {
                    int e = g.outEdges(i);
                    RequestMix callee = out[k][g.edgeTo(e)];
                    if (!carries(e) || callee == null || callee.isBaseline()) continue;
                    key.add(e);
                    key.add(assignments[k][e]);
                    key.add(ids[k][g.edgeTo(e)]);
                }
                Integer id = interned.get(key);
                if (id == null) {
                    RequestMix m = own;
                    for (int i = g.outStart(s), end = g.outStart(s + 1); i < end; i++) {
                        int e = g.outEdges(i);
                        RequestMix callee = out[k][g.edgeTo(e)];
                        if (!carries(e) || callee == null || callee.isBaseline()) continue;
                        m = m.then(views.one(g.edgeCallsPerRequest(e), assignments[k][e], callee));
                    }
                    id = distinct.size();
                    distinct.add(m);
                    interned.put(key, id);
                }
                ids[k][s] = id;
                out[k][s] = distinct.get(id);
            }
        }
        return out;
    }

    /** The mixes of the cone's services (others null) with mechanisms {@code assignment[edge]}. */
    RequestMix[] run(int[] cone, int target, RequestMix ingress, int[] assignment) {
        RequestMix[] mixes = new RequestMix[g.serviceCount()];
        for (int s : cone) {
            RequestMix m = s == target ? ingress : RequestMix.BASELINE;
            for (int i = g.outStart(s), end = g.outStart(s + 1); i < end; i++) {
                int e = g.outEdges(i);
                RequestMix callee = mixes[g.edgeTo(e)];
                if (!carries(e) || callee == null || callee.isBaseline()) continue;
                m = m.then(views.one(g.edgeCallsPerRequest(e), assignment[e], callee));
            }
            mixes[s] = m;
        }
        return mixes;
    }
}
