package dev.assay.belief;

import static dev.assay.belief.MechanismInformation.entropy;
import static dev.assay.belief.MechanismInformation.entropyOver;
import static dev.assay.belief.MechanismInformation.normalised;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Journey;
import dev.assay.model.Scope;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Assay believes about how failures travel, version 2: for every edge a posterior over its {@link EdgeMechanism}
 * (the {@link EdgeMechanism#GRID}), shared by every fault class and level. A service presents its callers a
 * {@link RequestMix} (error share, delays); an edge turns its callee's mix into what the caller sees by its mechanism;
 * a service combines its callees in sequence ({@link MechanismForward}); a service or journey is degraded when its p99
 * rose by more than {@link Settings#degradedP99Ms} or its error rate by more than {@link Settings#degradedErrorRate}.
 * <ul>
 *   <li>{@link #predict}: P(degraded) of every service and journey, averaged over {@link Settings#particles} joint draws
 *   of the mechanisms (the first is the most probable one), identical draws computed once;</li>
 *   <li>{@link #update}: from each service's measured error rate and p99 (baseline and during, with sampling noise),
 *   callees first; an edge's posterior is exact given its callee's mix and the caller's measurement when it is the
 *   caller's only affected callee, and coordinate-wise (the caller's other affected edges at their most probable
 *   mechanism) otherwise. One pass over the fault's caller cone: bounded time;</li>
 *   <li>{@link #explain}: the most probable mechanism of an edge with its probability;</li>
 *   <li>{@link #inEdgeBits} / {@link #coneBits}: the expected information about mechanisms a fault would give (the
 *   planner's EIG).</li>
 * </ul>
 * Mutable and not thread-safe; {@link #copy()} before sharing.
 */
public final class MechanismBelief {
    static final int M = EdgeMechanism.GRID.size();

    /** Degradation thresholds (the same as the verdict's and the simulator's), the particles of a prediction, their seed. */
    public record Settings(double degradedP99Ms, double degradedErrorRate, int particles, long seed) {
        public static final Settings DEFAULTS = new Settings(100, 0.02, 16, 1);

        public Settings {
            if (!(degradedP99Ms > 0) || !(degradedErrorRate > 0 && degradedErrorRate < 1)) {
                throw new IllegalArgumentException("degradation thresholds must be positive (error rate below 1)");
            }
            if (particles < 1) throw new IllegalArgumentException("particles must be >= 1, was " + particles);
        }
    }

    final SystemGraph g;
    final CallOrder order;
    final MechanismForward forward;
    /** Noise-wide outcome and identifiable-class tables of the EIG (shared by copies: they depend on the graph only). */
    final MechanismClasses classes;
    final Settings settings;
    final double[][] post;
    final double[][] prior;
    private int version;
    private int mapVersion = -1;
    private int[] map;
    /** Predictions from particles (not shared by copies: each belief draws from its own posteriors). */
    private final MechanismSampling sampling = new MechanismSampling(this);
    private final Map<Long, int[]> buckets;
    /** Per edge, the callee mixes its updates were judged on (at most {@link #SEEN}), for explanations. */
    final List<RequestMix>[] seen;
    static final int SEEN = 8;
    private final Map<double[], Map<int[], Double>> entropyCache = new java.util.IdentityHashMap<>();

    private MechanismBelief(SystemGraph g, MechanismPriors priors, Settings settings) {
        this.g = g;
        this.order = CallOrder.of(g);
        this.forward = new MechanismForward(g, order);
        this.classes = new MechanismClasses(forward);
        this.settings = settings;
        post = new double[g.edgeCount()][];
        prior = new double[g.edgeCount()][];
        for (int e = 0; e < g.edgeCount(); e++) {
            prior[e] = priors.prior(g, e);
            post[e] = prior[e];
        }
        buckets = new HashMap<>();
        seen = newSeen(g.edgeCount());
    }

    @SuppressWarnings("unchecked")
    private static List<RequestMix>[] newSeen(int n) {
        List<RequestMix>[] out = new List[n];
        for (int i = 0; i < n; i++) out[i] = List.of();
        return out;
    }

    void saw(int e, RequestMix input) {
        if (seen[e].size() >= SEEN) return;
        List<RequestMix> next = new ArrayList<>(seen[e]);
        next.add(input);
        seen[e] = List.copyOf(next);
    }

    private MechanismBelief(MechanismBelief o) {
        g = o.g;
        order = o.order;
        forward = o.forward;
        classes = o.classes;
        settings = o.settings;
        post = o.post.clone();
        prior = o.prior;
        buckets = o.buckets;
        seen = o.seen.clone();
    }

    public static MechanismBelief create(SystemGraph graph, MechanismPriors priors, Settings settings) {
        return new MechanismBelief(requireNonNull(graph, "graph"), requireNonNull(priors, "priors"), requireNonNull(settings, "settings"));
    }

    public static MechanismBelief create(Topology topology) {
        return create(SystemGraph.of(topology), MechanismPriors.broad(), Settings.DEFAULTS);
    }

    /** A copy; posteriors are copied on write, so this is cheap. */
    public MechanismBelief copy() {
        return new MechanismBelief(this);
    }

    public SystemGraph graph() {
        return g;
    }

    /** The posterior of {@code caller->callee} over {@link EdgeMechanism#GRID}. */
    public List<Double> posterior(String caller, String callee) {
        double[] p = post[edge(caller, callee)];
        List<Double> out = new ArrayList<>(M);
        for (double x : p) out.add(x);
        return List.copyOf(out);
    }

    /** The grid index of the most probable mechanism of edge {@code e} (ties: the lower index). */
    public int mostProbable(int e) {
        double[] p = post[e];
        int best = 0;
        for (int i = 1; i < M; i++) if (p[i] > p[best]) best = i;
        return best;
    }

    public double probability(int e, int mechanism) {
        return post[e][mechanism];
    }

    /** Entropy of edge {@code e}'s posterior, bits. */
    public double entropyBits(int e) {
        return entropy(post[e]);
    }

    /** The most probable mechanism of {@code caller->callee} with its probability, and what it implies. */
    public EdgeExplanation explain(String caller, String callee) {
        return explain(edge(caller, callee));
    }

    /** Explanations of every edge calling {@code service} (what a fault on it tests first), in topology order. */
    public List<EdgeExplanation> explainCallersOf(String service) {
        int v = edge0(service);
        List<EdgeExplanation> out = new ArrayList<>();
        for (int i = g.inStart(v), end = g.inStart(v + 1); i < end; i++) out.add(explain(g.inEdges(i)));
        return out;
    }

    /**
     * The explanation of edge {@code e}. Its probability is the posterior mass of the mechanisms that behave like the
     * most probable one on every input the experiments showed the edge (what was tested); parts no experiment could
     * tell apart (a breaker never pushed to 50% failures, a timeout above every delay seen) do not dilute it. With no
     * experiment on the edge it is the most probable mechanism's own probability.
     */
    public EdgeExplanation explain(int e) {
        int best = mostProbable(e);
        EdgeMechanism m = EdgeMechanism.GRID.get(best);
        double p = post[e][best];
        if (!seen[e].isEmpty()) {
            p = 0;
            for (int i = 0; i < M; i++) {
                boolean same = true;
                for (RequestMix in : seen[e]) {
                    RequestMix a = forward.view(e, best, in);
                    RequestMix x = forward.view(e, i, in);
                    if (a != x && distinguishable(a, x)) {
                        same = false;
                        break;
                    }
                }
                if (same) p += post[e][i];
            }
        }
        return EdgeExplanation.of(g.serviceName(g.edgeFrom(e)), g.serviceName(g.edgeTo(e)), g.edgeSync(e), m, Math.min(1, p),
                seen[e].size(), entropy(post[e]), entropy(prior[e]));
    }

    /** P(degraded) of every service and journey the fault may reach (target included), and the most probable mixes' SLIs. */
    public MechanismPrediction predict(Fault fault) {
        int target = g.service(fault.target()).orElseThrow(() -> new InvalidInputException(
                "fault target '" + fault.target() + "' is not a service of topology '" + g.topology().name() + "'"));
        return sampling.predict(fault, target);
    }

    /** Learns from one experiment's measurements (see the class comment). */
    public MechanismLearning update(MeasuredOutcome outcome) {
        return MechanismUpdate.apply(this, outcome);
    }

    /**
     * Stage-1 EIG: the expected information (bits, noise-free) about the identifiable classes ({@link MechanismClasses})
     * of the carrying in-edges of {@code service} from a fault of {@code faultClass} at {@code level}, outcomes in
     * noise-wide classes: their input is the fault itself, so this is exact per edge, and it is the entropy of the
     * outcome class (the identifiable class determines it). Settled edges and differences no reading resolves give 0.
     */
    public double inEdgeBits(int service, FaultClass faultClass, int level, Scope latencyScope) {
        double bits = 0;
        for (int i = g.inStart(service), end = g.inStart(service + 1); i < end; i++) {
            int e = g.inEdges(i);
            if (!forward.carries(e)) continue;
            bits += cachedBits(post[e], bucketsOf(e, faultClass, level, latencyScope), classes.identifiable(e, latencyScope));
        }
        return bits;
    }

    /** Posteriors and tables are never changed in place, so their information can be cached by identity. */
    private double cachedBits(double[] p, int[] bucket, int[] classOf) {
        if (entropyCache.size() > 200_000) entropyCache.clear();
        return entropyCache.computeIfAbsent(p, x -> new java.util.IdentityHashMap<>())
                .computeIfAbsent(bucket, x -> MechanismClasses.settled(p, classOf) ? 0 : entropyOver(p, bucket));
    }

    /** Whether edge {@code e}'s most probable identifiable class (plans with latency over {@code latencyScope}) holds ≥ 95%. */
    public boolean settled(int e, Scope latencyScope) {
        return MechanismClasses.settled(post[e], classes.identifiable(e, latencyScope));
    }

    /**
     * Stage-2 EIG: the expected information about the identifiable classes of every unsettled edge of the fault's caller
     * cone that would see a change (I(class; caller's noise-wide outcome), with the callees' mixes at the most probable
     * mechanisms; at most {@code maxEdges} edges, nearest the target first), for plans with latency over
     * {@code latencyScope}.
     */
    public double coneBits(Fault fault, Scope latencyScope, int maxEdges) {
        return MechanismUpdate.coneBits(this, fault, latencyScope, maxEdges);
    }

    /** {@link #coneBits(Fault, Scope, int)} for plans with latency over the default 10% cohort. */
    public double coneBits(Fault fault, int maxEdges) {
        return coneBits(fault, DEFAULT_LATENCY_SCOPE, maxEdges);
    }

    /** The planner's default latency cohort (PlanRequest's), for EIG callers that do not say. */
    static final Scope DEFAULT_LATENCY_SCOPE = Scope.percent(10);

    boolean degraded(RequestMix m) {
        return m != null && (m.failureRate() > settings.degradedErrorRate() || m.quantileMs(0.99) > settings.degradedP99Ms());
    }

    /** The most probable assignment (a fresh array the caller may change; computed once per version). */
    int[] map() {
        if (mapVersion != version || map == null) {
            int[] a = new int[g.edgeCount()];
            for (int e = 0; e < a.length; e++) a[e] = mostProbable(e);
            map = a;
            mapVersion = version;
        }
        return map.clone();
    }

    int version() {
        return version;
    }

    void set(int e, double[] p) {
        post[e] = p;
        version++;
    }

    /** Per grid mechanism, the noise-wide class of what the caller of {@code e} would measure with the fault at its callee. */
    int[] bucketsOf(int e, FaultClass c, int level, Scope latencyScope) {
        double k = g.edgeCallsPerRequest(e);
        long key = ((long) Double.hashCode(k) << 32) ^ ((long) c.ordinal() * ChaosScale.LEVELS + level) ^ ((long) Double.hashCode(latencyScope.fraction()) << 8);
        return buckets.computeIfAbsent(key, x -> {
            RequestMix in = RequestMix.ofFault(ChaosScale.fault(c, "x", level, latencyScope), ChaosScale.fault(c, "x", level, latencyScope).peak());
            return MechanismClasses.noiseWide(forward.views(e, in));
        });
    }

    /**
     * Whether one experiment's measurements could tell the two mixes apart: error rates differing by more than 0.3
     * points and 15%, or p99s by more than 10 ms and 10% (several standard deviations of the measurement noise).
     */
    public static boolean distinguishable(RequestMix a, RequestMix b) {
        return distinguishable(a.failureRate(), a.quantileMs(0.99), b.failureRate(), b.quantileMs(0.99));
    }

    /** {@link #distinguishable(RequestMix, RequestMix)} of two error rates and p99s (ms). */
    static boolean distinguishable(double ea, double pa, double eb, double pb) {
        return Math.abs(ea - eb) > Math.max(0.003, 0.15 * Math.max(ea, eb)) || Math.abs(pa - pb) > Math.max(10, 0.1 * Math.max(pa, pb));
    }

    int edge0(String service) {
        return g.service(service).orElseThrow(() -> new InvalidInputException(
                "fault target '" + service + "' is not a service of topology '" + g.topology().name() + "'"));
    }

    int edge(String caller, String callee) {
        return g.edge(caller, callee).orElseThrow(() -> new InvalidInputException(
                "no edge " + caller + "->" + callee + " in topology '" + g.topology().name() + "'"));
    }

    /** The journeys of the topology (for callers that report per journey). */
    List<Journey> journeys() {
        return g.topology().journeys();
    }


}
