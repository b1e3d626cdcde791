package dev.assay.sim;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Edge;
import dev.assay.model.Fault;
import dev.assay.model.Journey;
import dev.assay.model.Magnitude;
import dev.assay.belief.EdgeMechanism;
import dev.assay.belief.RequestMix;
import dev.assay.model.Topology;
import dev.assay.spi.Injector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Propagates faults from their targets up through callers, callees first. Cycles: a request never re-enters a
 * service already on its call path, so the graph is cut at its back edges (found by a depth-first search from
 * the journey entries, then from the remaining services in file order) and those edges carry nothing.
 */
final class PropagationSimulator implements Simulator {
    private final Topology topology;
    private final GroundTruth truth;
    private final Degradation degradation;
    private final CallGraph graph;

    PropagationSimulator(Topology topology, GroundTruth truth, Degradation degradation) {
        this.topology = requireNonNull(topology, "topology");
        this.truth = requireNonNull(truth, "truth");
        this.degradation = requireNonNull(degradation, "degradation");
        this.graph = CallGraph.of(topology);
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public GroundTruth truth() {
        return truth;
    }

    @Override
    public Degradation degradation() {
        return degradation;
    }

    @Override
    public Impact impact(Fault fault, Magnitude level) {
        return impactOf(List.of(new Injected(fault, level)));
    }

    @Override
    public Impact impact(List<Injector.AppliedFault> active) {
        return impactOf(active.stream().map(a -> new Injected(a.fault(), a.level())).toList());
    }

    record Injected(Fault fault, Magnitude level) {
    }

    @Override
    public java.util.Set<String> blastRadius(Fault fault, Magnitude level) {
        return impactOf(List.of(new Injected(fault, level)), false).degradedServices();
    }

    @Override
    public Map<String, RequestMix> reachedEdges(Fault fault, Magnitude level) {
        int target = graph.index(fault.target());
        Map<String, RequestMix> out = new java.util.LinkedHashMap<>();
        if (target < 0) return out;
        Propagation p = propagate(Map.of(target, RequestMix.ofFault(fault.type(), level, fault.scope().fraction())), null);
        for (int s = 0; s < p.mixes.length; s++) {
            if (p.mixes[s] == null) continue;
            for (int e : graph.calleeEdges(s)) {
                RequestMix callee = p.mixes[graph.to(e)];
                if (graph.edge(e).sync() && callee != null && !callee.isBaseline()) out.put(graph.edge(e).key(), callee);
            }
        }
        return out;
    }

    private Impact impactOf(List<Injected> injected) {
        return impactOf(injected, true);
    }

    private Impact impactOf(List<Injected> injected, boolean withJourneys) {
        Map<Integer, RequestMix> ingress = new HashMap<>();
        for (Injected i : injected) {
            int target = graph.index(i.fault().target());
            if (target < 0) continue;
            RequestMix m = RequestMix.ofFault(i.fault().type(), i.level(), i.fault().scope().fraction());
            ingress.merge(target, m, RequestMix::then);
        }
        Map<String, Effect> services = new HashMap<>();
        if (ingress.isEmpty()) return new Impact(services, Map.of());
        Propagation all = propagate(ingress, null);
        for (int s = 0; s < all.mixes.length; s++) {
            if (all.mixes[s] != null && (!all.mixes[s].isBaseline() || all.load[s] != 1)) {
                services.put(graph.name(s), Effect.of(all.mixes[s], all.load[s], degradation));
            }
        }
        Map<String, Effect> journeys = new HashMap<>();
        if (!withJourneys) return new Impact(services, journeys);
        for (Journey j : topology.journeys()) {
            if (j.services().stream().noneMatch(s -> ingress.containsKey(graph.index(s)))) continue;
            boolean[] allowed = new boolean[graph.size()];
            for (String s : j.services()) {
                int i = graph.index(s);
                if (i >= 0) allowed[i] = true;
            }
            int entry = graph.index(j.entry());
            Propagation p = propagate(ingress, allowed);
            RequestMix m = p.mixes[entry];
            if (m != null && !m.isBaseline()) journeys.put(j.name(), Effect.of(m, p.load[entry], degradation));
        }
        return new Impact(services, journeys);
    }

    private record Propagation(RequestMix[] mixes, double[] load) {
    }

    /** Mixes of every service the faults reach, restricted to {@code allowed} services when not null. */
    private Propagation propagate(Map<Integer, RequestMix> ingress, boolean[] allowed) {
        int n = graph.size();
        RequestMix[] mixes = new RequestMix[n];
        double[] load = new double[n];
        Arrays.fill(load, 1.0);
        boolean[] reached = new boolean[n];
        List<Integer> frontier = new ArrayList<>();
        for (int t : ingress.keySet()) {
            if (allowed == null || allowed[t]) {
                reached[t] = true;
                frontier.add(t);
            }
        }
        // Everything upstream of a target, over forward (non-back) edges.
        for (int k = 0; k < frontier.size(); k++) {
            for (int e : graph.callerEdges(frontier.get(k))) {
                int caller = graph.from(e);
                if (!reached[caller] && (allowed == null || allowed[caller])) {
                    reached[caller] = true;
                    frontier.add(caller);
                }
            }
        }
        frontier.sort((a, b) -> Integer.compare(graph.rank(a), graph.rank(b)));
        for (int s : frontier) {
            RequestMix m = ingress.getOrDefault(s, RequestMix.BASELINE);
            for (int e : graph.calleeEdges(s)) {
                int callee = graph.to(e);
                if (!reached[callee] || mixes[callee] == null || mixes[callee].isBaseline()) continue;
                Edge edge = graph.edge(e);
                EdgeMechanism r = truth.of(edge);
                RequestMix attempt = r.timeoutMs().isPresent() ? mixes[callee].timeout(r.timeoutMs().getAsLong()) : mixes[callee];
                if (r.breaker() && attempt.failureRate() >= EdgeMechanism.BREAKER_FAILURE_THRESHOLD) attempt = attempt.failFast();
                load[callee] += graph.loadShare(e) * (attempt.expectedAttempts(r.retries()) - 1);
                if (!edge.sync()) continue; // fire-and-forget: the caller neither waits nor sees the failure
                RequestMix perRequest = r.view(mixes[callee]).calls(edge.callsPerRequest(), CallGraph.MAX_CALLS);
                m = m.then(perRequest);
            }
            mixes[s] = m;
        }
        return new Propagation(mixes, load);
    }
}
