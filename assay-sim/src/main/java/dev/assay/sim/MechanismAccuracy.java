package dev.assay.sim;

import dev.assay.belief.ChaosScale;
import dev.assay.belief.EdgeMechanism;
import dev.assay.belief.MechanismBelief;
import dev.assay.belief.RequestMix;
import dev.assay.model.Edge;
import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores a learner's inferred mechanisms against the ground truth on the edges the experiments reached (bench only:
 * it reads the truth). An edge counts as reached when a run fault made its callee present a changed mix (sync edges);
 * its inferred mechanism is right when it is the true one ({@code exact}) or gives the same measurements as the true
 * one on every callee mix the edge was shown ({@code equivalent}: the experiments could not have told them apart), or
 * on every fault the planner could run at the callee, every class × level of the chaos scale ({@code identifiable}: the
 * honest score; a distinction no plannable experiment shows, such as a 5 s timeout vs none when no fault delays by 5 s,
 * can be right only by prior luck).
 */
final class MechanismAccuracy {
    private final Simulator simulator;
    private final Map<String, Edge> edges = new HashMap<>();
    private final Map<String, List<RequestMix>> inputs = new LinkedHashMap<>();

    MechanismAccuracy(Topology topology, Simulator simulator) {
        this.simulator = simulator;
        for (Edge e : topology.edges()) edges.put(e.key(), e);
    }

    void reached(Fault fault) {
        simulator.reachedEdges(fault, fault.peak()).forEach((key, mix) -> {
            List<RequestMix> seen = inputs.computeIfAbsent(key, k -> new ArrayList<>());
            if (seen.size() < 64) seen.add(mix);
        });
    }

    /** Whether a fault of some class and level of the chaos scale, at the callee, makes the two mechanisms measurably differ. */
    static boolean distinguishableByAPlannableFault(EdgeMechanism a, EdgeMechanism b, double callsPerRequest) {
        if (a.equals(b)) return false;
        for (FaultClass c : StrategyKind.CLASSES) {
            for (int l = 0; l < ChaosScale.LEVELS; l++) {
                Fault f = ChaosScale.fault(c, "callee", l, BeliefModelLearner.LATENCY_SCOPE);
                RequestMix in = RequestMix.ofFault(f, f.peak());
                RequestMix x = a.view(in).calls(callsPerRequest, CallGraph.MAX_CALLS);
                RequestMix y = b.view(in).calls(callsPerRequest, CallGraph.MAX_CALLS);
                if (MechanismBelief.distinguishable(x, y)) return true;
            }
        }
        return false;
    }

    Optional<BenchResult.MechanismScore> score(Learner learner) {
        if (inputs.isEmpty()) return Optional.empty();
        int exact = 0;
        int equivalent = 0;
        int identifiable = 0;
        int n = 0;
        for (Map.Entry<String, List<RequestMix>> e : inputs.entrySet()) {
            Edge edge = edges.get(e.getKey());
            Optional<EdgeMechanism> inferred = learner.mechanism(edge.from(), edge.to());
            if (inferred.isEmpty()) return Optional.empty();
            EdgeMechanism truth = simulator.truth().of(edge);
            n++;
            if (inferred.get().equals(truth)) exact++;
            boolean same = true;
            for (RequestMix in : e.getValue()) {
                RequestMix a = inferred.get().view(in).calls(edge.callsPerRequest(), CallGraph.MAX_CALLS);
                RequestMix b = truth.view(in).calls(edge.callsPerRequest(), CallGraph.MAX_CALLS);
                if (MechanismBelief.distinguishable(a, b)) {
                    same = false;
                    if (System.getProperty("assay.bench.debug") != null) {
                        System.err.println("not equivalent " + e.getKey() + " on input " + in + ": inferred gives error " + a.failureRate()
                                + " p99 " + a.quantileMs(0.99) + ", truth " + b.failureRate() + " p99 " + b.quantileMs(0.99));
                    }
                    break;
                }
            }
            if (same) equivalent++;
            if (!distinguishableByAPlannableFault(inferred.get(), truth, edge.callsPerRequest())) identifiable++;
            else if (System.getProperty("assay.bench.debug") != null) {
                System.err.println("wrong " + e.getKey() + ": inferred " + inferred.get().describe() + " truth " + truth.describe() + " inputs " + e.getValue().size()
                        + (learner instanceof MechanismLearner ml ? " " + ml.mechanisms().explain(edge.from(), edge.to()) + " settled=" + ml.mechanisms().settled(ml.mechanisms().graph().edge(edge.from(), edge.to()).getAsInt(), BeliefModelLearner.LATENCY_SCOPE) : ""));
            }
        }
        return Optional.of(new BenchResult.MechanismScore((double) exact / n, (double) equivalent / n, (double) identifiable / n, n));
    }
}
