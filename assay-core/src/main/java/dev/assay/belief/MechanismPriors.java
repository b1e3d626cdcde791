package dev.assay.belief;

import dev.assay.model.Edge;
import dev.assay.model.Intent;
import dev.assay.model.Mechanism;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each edge's {@link EdgeMechanism} belief starts: a product of independent factors over the grid.
 * <ul>
 *   <li>broad (no evidence): timeout none 0.3, each of the six grid timeouts 0.7/6; retries 0/1/2/3 with 0.4/0.3/0.2/0.1,
 *   backoff 0.5 given retries; breaker 0.3; fallback 0.25 — the shape of resilience libraries' use in practice, not the
 *   ground truth of any topology;</li>
 *   <li>{@link EdgeEvidence}: a traced client timeout puts 0.8 on the nearest grid timeout; traced retries per failed
 *   call put 0.8 on the nearest retry count;</li>
 *   <li>an intent's declared {@code mechanism} on the edge: circuit-breaker → breaker 0.85, fallback → 0.85, timeout →
 *   "no timeout" 0.05, retry → no retries 0.05;</li>
 *   <li>a topology's declared {@code resilience}, only when asked for ({@link #withDeclaredResilience}): 0.9 on it. The
 *   bench never asks: there it is the simulator's ground truth.</li>
 * </ul>
 */
public final class MechanismPriors {
    static final double[] RETRIES = {0.4, 0.3, 0.2, 0.1};
    static final double P_NO_TIMEOUT = 0.3;
    static final double P_BACKOFF = 0.5;
    static final double P_BREAKER = 0.3;
    static final double P_FALLBACK = 0.25;

    private final Map<String, EdgeEvidence> evidence;
    private final Map<String, Set<Mechanism.Kind>> declared;
    private final boolean useResilience;
    private final Map<List<Object>, double[]> shared = new HashMap<>();

    private MechanismPriors(Map<String, EdgeEvidence> evidence, Map<String, Set<Mechanism.Kind>> declared, boolean useResilience) {
        this.evidence = Map.copyOf(evidence);
        this.declared = Map.copyOf(declared);
        this.useResilience = useResilience;
    }

    public static MechanismPriors broad() {
        return new MechanismPriors(Map.of(), Map.of(), false);
    }

    /** Priors shaped by telemetry evidence keyed {@code caller->callee} and the intents' declared mechanisms. */
    public static MechanismPriors of(Map<String, EdgeEvidence> evidenceByEdge, List<Intent> intents) {
        return new MechanismPriors(evidenceByEdge, declared(intents), false);
    }

    /**
     * Priors from telemetry evidence and the declared mechanism kinds per edge ({@code caller->callee}), as
     * {@link #of(Map, List)} computes them from intents (for restoring a learner that stored them).
     */
    public static MechanismPriors ofDeclared(Map<String, EdgeEvidence> evidenceByEdge, Map<String, Set<Mechanism.Kind>> declaredByEdge) {
        Map<String, Set<Mechanism.Kind>> m = new HashMap<>();
        declaredByEdge.forEach((edge, kinds) -> m.put(edge, kinds.isEmpty() ? Set.of() : EnumSet.copyOf(kinds)));
        return new MechanismPriors(evidenceByEdge, m, false);
    }

    /** The mechanism kinds {@code intents} declare, per edge {@code caller->callee}. */
    public static Map<String, Set<Mechanism.Kind>> declared(List<Intent> intents) {
        Map<String, Set<Mechanism.Kind>> m = new HashMap<>();
        for (Intent i : intents) {
            i.mechanism().ifPresent(x -> m.computeIfAbsent(x.from() + "->" + x.to(), k -> EnumSet.noneOf(Mechanism.Kind.class)).add(x.kind()));
        }
        return m;
    }

    /** These priors, also trusting each edge's declared {@code resilience} (0.9 on it). */
    public MechanismPriors withDeclaredResilience() {
        return new MechanismPriors(evidence, declared, true);
    }

    /** The prior over {@link EdgeMechanism#GRID} of edge {@code e}; edges with the same evidence share one (read-only) array. */
    double[] prior(SystemGraph g, int e) {
        String key = g.slotLabel(e);
        Edge edge = g.topology().edges().get(e);
        EdgeEvidence ev = evidence.getOrDefault(key, EdgeEvidence.NONE);
        Set<Mechanism.Kind> kinds = declared.getOrDefault(key, Set.of());
        int declaredIndex = useResilience ? edge.resilience().map(r -> EdgeMechanism.of(r).gridIndex()).orElse(-1) : -1;
        List<Object> signature = List.of(ev.observedTimeout().map(d -> d.toMillis()).orElse(-1L), Math.round(ev.retriesPerCall()), kinds, declaredIndex);
        return shared.computeIfAbsent(signature, s -> compute(ev, kinds, declaredIndex));
    }

    private static double[] compute(EdgeEvidence ev, Set<Mechanism.Kind> kinds, int declaredIndex) {
        int tn = EdgeMechanism.TIMEOUTS.length + 1;
        double[] timeout = new double[tn];
        timeout[0] = kinds.contains(Mechanism.Kind.TIMEOUT) ? 0.05 : P_NO_TIMEOUT;
        for (int t = 1; t < tn; t++) timeout[t] = (1 - timeout[0]) / (tn - 1);
        if (ev.observedTimeout().isPresent()) {
            long ms = ev.observedTimeout().get().toMillis();
            int best = 1;
            for (int t = 1; t < tn; t++) if (Math.abs(Math.log(EdgeMechanism.TIMEOUTS[t - 1] / (double) ms)) < Math.abs(Math.log(EdgeMechanism.TIMEOUTS[best - 1] / (double) ms))) best = t;
            for (int t = 0; t < tn; t++) timeout[t] *= 0.2;
            timeout[best] += 0.8;
        }
        double[] retries = RETRIES.clone();
        if (kinds.contains(Mechanism.Kind.RETRY)) {
            retries[0] = 0.05;
            for (int r = 1; r < retries.length; r++) retries[r] = RETRIES[r] / (1 - RETRIES[0]) * 0.95;
        }
        if (ev.retriesPerCall() > 0) {
            int r = (int) Math.min(EdgeMechanism.MAX_RETRIES, Math.round(ev.retriesPerCall()));
            for (int i = 0; i < retries.length; i++) retries[i] *= 0.2;
            retries[r] += 0.8;
        }
        double breaker = kinds.contains(Mechanism.Kind.CIRCUIT_BREAKER) ? 0.85 : P_BREAKER;
        double fallback = kinds.contains(Mechanism.Kind.FALLBACK) ? 0.85 : P_FALLBACK;
        List<EdgeMechanism> grid = EdgeMechanism.GRID;
        double[] p = new double[grid.size()];
        for (int i = 0; i < p.length; i++) {
            EdgeMechanism m = grid.get(i);
            int t = m.timeoutMs().isEmpty() ? 0 : 1 + java.util.Arrays.binarySearch(EdgeMechanism.TIMEOUTS, m.timeoutMs().getAsLong());
            double x = timeout[t] * retries[m.retries()];
            if (m.retries() > 0) x *= m.backoff() ? P_BACKOFF : 1 - P_BACKOFF;
            x *= m.breaker() ? breaker : 1 - breaker;
            x *= m.fallback() ? fallback : 1 - fallback;
            p[i] = x;
        }
        if (declaredIndex >= 0) {
            for (int i = 0; i < p.length; i++) p[i] *= 0.1;
            p[declaredIndex] += 0.9;
        }
        double s = 0;
        for (double x : p) s += x;
        for (int i = 0; i < p.length; i++) p[i] /= s;
        return p;
    }
}
