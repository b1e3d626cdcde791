package dev.assay.belief;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every grid mechanism makes of one callee mix over one edge ({@link EdgeMechanism#view}, then the edge's
 * {@code callsPerRequest} calls), memoised by (calls per request, mix content). Most of the 196 mechanisms give the
 * same view of a given input (a timeout above every delay, a breaker never reaching 50% failures, a fallback with
 * nothing failing are all invisible), so identical views are computed once and shared as one instance: callers can
 * evaluate a likelihood or an outcome bucket once per distinct view ({@link #distinct}). This is the planner's and
 * the update's hot path (a view over 20 calls is 20 mix compositions). Bounded (least recently used dropped); not
 * thread-safe, like the belief that owns it.
 */
final class MechanismViews {
    static final int CAPACITY = 8192;

    private record Key(double callsPerRequest, RequestMix callee) {
    }

    /** The views of one input: per grid mechanism its view, and per mechanism the index of its distinct view. */
    record Views(RequestMix[] byMechanism, int[] distinctOf, RequestMix[] distinct) {
    }

    private final Map<Key, Views> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Views> eldest) {
            return size() > CAPACITY;
        }
    };

    private record OneKey(double callsPerRequest, int mechanism, RequestMix callee) {
    }

    private final Map<OneKey, RequestMix> single = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<OneKey, RequestMix> eldest) {
            return size() > 8 * CAPACITY;
        }
    };

    /**
     * One mechanism's view (the same instance {@link #of} would give when that input's views are cached). A prediction
     * needs one mechanism per edge, not all 196: computing only that one is what keeps predictions on inputs seen once
     * (deep in a cone, under one particle's mechanisms) cheap.
     */
    RequestMix one(double callsPerRequest, int mechanism, RequestMix callee) {
        Views all = cache.get(new Key(callsPerRequest, callee));
        if (all != null) return all.byMechanism()[mechanism];
        OneKey key = new OneKey(callsPerRequest, mechanism, callee);
        RequestMix v = single.get(key);
        if (v == null) {
            v = EdgeMechanism.GRID.get(mechanism).view(callee).calls(callsPerRequest, MechanismForward.MAX_CALLS);
            single.put(key, v);
        }
        return v;
    }

    Views of(double callsPerRequest, RequestMix callee) {
        Key key = new Key(callsPerRequest, callee);
        Views v = cache.get(key);
        if (v == null) {
            v = compute(callsPerRequest, callee);
            cache.put(key, v);
        }
        return v;
    }

    private static Views compute(double k, RequestMix callee) {
        int m = EdgeMechanism.GRID.size();
        Map<RequestMix, Integer> ids = new HashMap<>();
        RequestMix[] byMechanism = new RequestMix[m];
        int[] distinctOf = new int[m];
        RequestMix[] single = new RequestMix[m];
        int n = 0;
        for (int i = 0; i < m; i++) {
            RequestMix one = EdgeMechanism.GRID.get(i).view(callee);
            Integer id = ids.get(one);
            if (id == null) {
                id = n;
                ids.put(one, n);
                single[n++] = one;
            }
            distinctOf[i] = id;
        }
        RequestMix[] distinct = new RequestMix[n];
        for (int d = 0; d < n; d++) distinct[d] = single[d].calls(k, MechanismForward.MAX_CALLS);
        for (int i = 0; i < m; i++) byMechanism[i] = distinct[distinctOf[i]];
        return new Views(byMechanism, distinctOf, distinct);
    }
}
