package dev.assay.sim;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Edge;
import dev.assay.model.Fault;
import dev.assay.model.Journey;
import dev.assay.model.Magnitude;
import dev.assay.model.Resilience;
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
    /** A circuit breaker is open when at least this share of attempts fails (resilience4j's default). */
    static final double BREAKER_FAILURE_THRESHOLD = 0.5;

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

    private Impact impactOf(List<Injected> injected) {
        return impactOf(injected, true);
    }

    private Impact impactOf(List<Injected> injected, boolean withJourneys) {
        Map<Integer, Mix> ingress = new HashMap<>();
        for (Injected i : injected) {
            int target = graph.index(i.fault().target());
            if (target < 0) continue;
            Mix m = FaultEffects.at(i.fault().type(), i.level(), i.fault().scope().fraction());
            ingress.merge(target, m, Mix::then);
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
            Mix m = p.mixes[entry];
            if (m != null && !m.isBaseline()) journeys.put(j.name(), Effect.of(m, p.load[entry], degradation));
        }
        return new Impact(services, journeys);
    }

    private record Propagation(Mix[] mixes, double[] load) {
    }

    /** Mixes of every service the faults reach, restricted to {@code allowed} services when not null. */
    private Propagation propagate(Map<Integer, Mix> ingress, boolean[] allowed) {
        int n = graph.size();
        Mix[] mixes = new Mix[n];
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
            Mix m = ingress.getOrDefault(s, Mix.BASELINE);
            for (int e : graph.calleeEdges(s)) {
                int callee = graph.to(e);
                if (!reached[callee] || mixes[callee] == null || mixes[callee].isBaseline()) continue;
                Edge edge = graph.edge(e);
                Resilience r = truth.of(edge);
                Mix attempt = r.timeout().map(t -> mixes[callee].timeout(t.toMillis())).orElse(mixes[callee]);
                if (r.circuitBreaker() && attempt.failureRate() >= BREAKER_FAILURE_THRESHOLD) attempt = attempt.failFast();
                load[callee] += graph.loadShare(e) * (attempt.expectedAttempts(r.retries()) - 1);
                Mix call = attempt.retry(r.retries());
                if (r.fallback()) call = call.absorbFailures();
                if (!edge.sync()) continue; // fire-and-forget: the caller neither waits nor sees the failure
                double k = edge.callsPerRequest();
                int whole = (int) Math.min(CallGraph.MAX_CALLS, Math.floor(k));
                Mix perRequest = call.repeat(whole);
                double extra = k - Math.floor(k);
                if (extra > 1e-9 && whole < CallGraph.MAX_CALLS) perRequest = perRequest.then(call.sometimes(extra));
                m = m.then(perRequest);
            }
            mixes[s] = m;
        }
        return new Propagation(mixes, load);
    }
}
