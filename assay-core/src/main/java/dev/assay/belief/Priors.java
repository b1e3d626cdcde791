package dev.assay.belief;

import dev.assay.model.FaultClass;
import dev.assay.model.Intent;
import dev.assay.model.Mechanism;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where beliefs start. Each prior is a mixture of a "never degrades" atom and a spread over the
 * {@link ChaosScale} levels, shaped only by what the model may know:
 * <ul>
 *   <li>broad default for a sync edge: P(never) 0.15 (latency, errors), 0.10 (unavailability), uniform over levels;</li>
 *   <li>async edge: latency rarely propagates (P(never) 0.9), errors 0.6, unavailability 0.5 (queues buffer);</li>
 *   <li>{@code callsPerRequest} n &gt; 1: error and unavailability tolerance shifts down by
 *   log(n)/log(level ratio) levels (n calls compound a failure share);</li>
 *   <li>an observed client timeout: half the latency mass moves to the timeout's level;
 *   observed retries: error tolerance shifts up 3 levels per retry;</li>
 *   <li>a declared {@code mechanism} in any intent (the belief under test): circuit-breaker → P(never) 0.8
 *   for errors and unavailability, 0.75 for latency; fallback → 0.85 / 0.5; timeout → latency 0.4;
 *   retry → errors shift up 3 levels; async → as an async edge;</li>
 *   <li>a journey's tolerance of its entry (its SLO): P(never) 0.1, uniform over levels.</li>
 * </ul>
 * The topology's {@code resilience} is never read: it is the simulator's ground truth.
 */
public final class Priors {
    private static final double LEVEL_RATIO = Math.pow(100, 1.0 / (ChaosScale.LEVELS - 1));
    private final Map<String, EdgeEvidence> evidence;
    private final Map<String, Set<Mechanism.Kind>> mechanisms;

    private Priors(Map<String, EdgeEvidence> evidence, Map<String, Set<Mechanism.Kind>> mechanisms) {
        this.evidence = Map.copyOf(evidence);
        this.mechanisms = Map.copyOf(mechanisms);
    }

    /** Priors from the topology's structure alone (sync/async, call frequency). */
    public static Priors broad() {
        return new Priors(Map.of(), Map.of());
    }

    /** Priors that also use telemetry evidence keyed {@code caller->callee} and the intents' declared mechanisms. */
    public static Priors of(Map<String, EdgeEvidence> evidenceByEdge, List<Intent> intents) {
        Map<String, Set<Mechanism.Kind>> m = new HashMap<>();
        for (Intent i : intents) {
            i.mechanism().ifPresent(x -> m.computeIfAbsent(x.from() + "->" + x.to(), k -> EnumSet.noneOf(Mechanism.Kind.class)).add(x.kind()));
        }
        return new Priors(evidenceByEdge, m);
    }

    /** The prior distribution of {@code slot} for {@code faultClass}: {@link ChaosScale#LEVELS} levels then "never". */
    public double[] prior(SystemGraph graph, int slot, FaultClass faultClass) {
        if (slot >= graph.edgeCount()) return spread(0.10, 0);
        String key = graph.slotLabel(slot);
        Set<Mechanism.Kind> declared = mechanisms.getOrDefault(key, Set.of());
        boolean async = !graph.edgeSync(slot) || declared.contains(Mechanism.Kind.ASYNC);
        double never = switch (faultClass) {
            case LATENCY -> async ? 0.9 : 0.15;
            case ERRORS -> async ? 0.6 : 0.15;
            case UNAVAILABILITY -> async ? 0.5 : 0.10;
        };
        int shift = 0;
        if (faultClass != FaultClass.LATENCY) {
            shift -= (int) Math.round(Math.log(graph.edgeCallsPerRequest(slot)) / Math.log(LEVEL_RATIO));
        }
        if (declared.contains(Mechanism.Kind.CIRCUIT_BREAKER)) never = Math.max(never, faultClass == FaultClass.LATENCY ? 0.75 : 0.8);
        if (declared.contains(Mechanism.Kind.FALLBACK)) never = Math.max(never, faultClass == FaultClass.LATENCY ? 0.5 : 0.85);
        if (declared.contains(Mechanism.Kind.TIMEOUT) && faultClass == FaultClass.LATENCY) never = Math.max(never, 0.4);
        if (declared.contains(Mechanism.Kind.RETRY) && faultClass == FaultClass.ERRORS) shift += 3;
        EdgeEvidence ev = evidence.getOrDefault(key, EdgeEvidence.NONE);
        if (faultClass == FaultClass.ERRORS) shift += (int) Math.round(3 * ev.retriesPerCall());
        double[] p = spread(never, shift);
        if (faultClass == FaultClass.LATENCY && ev.observedTimeout().isPresent()) {
            int at = ChaosScale.indexOf(ev.observedTimeout().get().toMillis(), FaultClass.LATENCY);
            for (int i = 0; i < p.length; i++) p[i] *= 0.5;
            p[at] += 0.5;
        }
        return p;
    }

    /** {@code never} on the atom, the rest uniform over levels shifted by {@code shift} (mass pushed past the top goes to never). */
    private static double[] spread(double never, int shift) {
        int k = ChaosScale.LEVELS;
        double[] p = new double[k + 1];
        double each = (1 - never) / k;
        for (int i = 0; i < k; i++) {
            int to = Math.max(0, Math.min(k, i + shift));
            p[to] += each;
        }
        p[k] += never;
        return p;
    }
}
