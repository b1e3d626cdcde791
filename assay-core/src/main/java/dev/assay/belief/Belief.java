package dev.assay.belief;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * What Assay believes about failure propagation: for every edge caller→callee (and every journey's
 * tolerance of its entry) × {@link FaultClass}, a discrete distribution over the caller's tolerance level
 * on the {@link ChaosScale} (the lowest level at which the caller degrades), with a "never degrades" atom
 * ({@link ChaosScale#NEVER}). Public, stable contract for the planner, simulator and journal:
 * <ul>
 *   <li>{@link #predict(Fault)}: the predicted blast radius (see {@link Propagation} for the approximation);</li>
 *   <li>{@link #update(Observation)}: Bayes' rule with a false-positive/false-negative noise model;
 *   {@link #observeIncident(Observation)} the same, tempered by {@link Settings#incidentWeight()};</li>
 *   <li>{@link #ageTo(Instant)}: every distribution relaxes toward its prior with {@link Settings#halfLife()};</li>
 *   <li>{@link #resetEdge}, {@link #resetService}, {@link #rebase}: drift (new version, new edge);</li>
 *   <li>{@link #state()} / {@link #restore}: a plain serialisable form.</li>
 * </ul>
 * Mutable and not thread-safe; {@link #copy()} before sharing.
 */
public final class Belief {
    static final int K = ChaosScale.LEVELS;
    static final int W = K + 1;
    static final FaultClass[] CLASSES = FaultClass.values();

    /** Tunables: aging half-life, observation noise, and how much weaker an incident is than an experiment. */
    public record Settings(Duration halfLife, double falsePositive, double falseNegative, double incidentWeight) {
        public static final Settings DEFAULTS = new Settings(Duration.ofDays(30), 0.02, 0.05, 0.3);

        public Settings {
            requireNonNull(halfLife, "halfLife");
            if (halfLife.isNegative() || halfLife.isZero()) throw new IllegalArgumentException("halfLife must be positive");
            if (!(falsePositive >= 0 && falsePositive < 0.5) || !(falseNegative >= 0 && falseNegative < 0.5)) {
                throw new IllegalArgumentException("noise rates must be in [0, 0.5)");
            }
            if (!(incidentWeight > 0 && incidentWeight <= 1)) throw new IllegalArgumentException("incidentWeight must be in (0, 1]");
        }
    }

    final SystemGraph graph;
    final Settings settings;
    private final Priors priors;
    private final Clock clock;
    final double[] p;
    final double[] prior;
    final long[] updatedAt;
    private final double[][] cdfCache = new double[CLASSES.length][];

    private Belief(SystemGraph graph, Priors priors, Settings settings, Clock clock) {
        this.graph = graph;
        this.priors = priors;
        this.settings = settings;
        this.clock = clock;
        int slots = graph.slotCount();
        p = new double[slots * CLASSES.length * W];
        prior = new double[p.length];
        updatedAt = new long[slots * CLASSES.length];
        long now = clock.millis();
        for (int s = 0; s < slots; s++) {
            for (FaultClass c : CLASSES) {
                double[] d = priors.prior(graph, s, c);
                System.arraycopy(d, 0, prior, base(s, c), W);
                System.arraycopy(d, 0, p, base(s, c), W);
                updatedAt[s * CLASSES.length + c.ordinal()] = now;
            }
        }
    }

    private Belief(Belief o) {
        graph = o.graph;
        priors = o.priors;
        settings = o.settings;
        clock = o.clock;
        p = o.p.clone();
        prior = o.prior.clone();
        updatedAt = o.updatedAt.clone();
    }

    /** Beliefs at their priors. */
    public static Belief create(SystemGraph graph, Priors priors, Settings settings, Clock clock) {
        return new Belief(requireNonNull(graph, "graph"), requireNonNull(priors, "priors"), requireNonNull(settings, "settings"),
                requireNonNull(clock, "clock"));
    }

    /** Broad priors, default settings, the system UTC clock. */
    public static Belief create(Topology topology) {
        return create(SystemGraph.of(topology), Priors.broad(), Settings.DEFAULTS, Clock.systemUTC());
    }

    public Belief copy() {
        return new Belief(this);
    }

    public SystemGraph graph() {
        return graph;
    }

    public Settings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    /** The tolerance distribution of {@code caller->callee} for {@code faultClass}: LEVELS entries, then "never". */
    public List<Double> tolerance(String caller, String callee, FaultClass faultClass) {
        return distribution(edgeSlot(caller, callee), faultClass);
    }

    /** A journey's tolerance of its entry degrading (its SLO), same layout as {@link #tolerance}. */
    public List<Double> journeyTolerance(String journey, FaultClass faultClass) {
        return distribution(journeySlot(journey), faultClass);
    }

    public List<Double> distribution(int slot, FaultClass faultClass) {
        List<Double> out = new ArrayList<>(W);
        for (int i = 0; i < W; i++) out.add(p[base(slot, faultClass) + i]);
        return List.copyOf(out);
    }

    /** P(tolerance of {@code slot} is at most {@code level}): the edge propagates a fault at that level. */
    public double degradeProbability(int slot, FaultClass faultClass, int level) {
        double s = 0;
        for (int i = base(slot, faultClass), end = i + level; i <= end; i++) s += p[i];
        return Math.min(1.0, s);
    }

    /** A fresh table {@code cdf[slot * LEVELS + level] = P(tolerance <= level)}, the input of {@link Propagation}. */
    public double[] cdfTable(FaultClass faultClass) {
        double[] cached = cdfCache[faultClass.ordinal()];
        if (cached == null) {
            int slots = graph.slotCount();
            cached = new double[slots * K];
            for (int s = 0; s < slots; s++) {
                double acc = 0;
                for (int l = 0, b = base(s, faultClass); l < K; l++) {
                    acc += p[b + l];
                    cached[s * K + l] = Math.min(1.0, acc);
                }
            }
            cdfCache[faultClass.ordinal()] = cached;
        }
        return cached.clone();
    }

    /** The predicted blast radius of {@code fault} at its peak level (see {@link Propagation}). */
    public Prediction predict(Fault fault) {
        int target = graph.service(fault.target()).orElseThrow(() -> new InvalidInputException(
                "fault target '" + fault.target() + "' is not a service of topology '" + graph.topology().name() + "'"));
        return BeliefUpdate.predict(this, fault.type().faultClass(), target, ChaosScale.level(fault));
    }

    /** Bayes' rule from an experiment outcome; ages the belief to the observation's time first. */
    public Learning update(Observation observation) {
        return BeliefUpdate.apply(this, observation, 1.0);
    }

    /** A weaker update from a natural incident seen in telemetry (likelihood tempered by the incident weight). */
    public Learning observeIncident(Observation observation) {
        return BeliefUpdate.apply(this, observation, settings.incidentWeight());
    }

    /** Relaxes every distribution toward its prior: weight 2^(-age/halfLife) stays on what was learned. */
    public void ageTo(Instant now) {
        long t = now.toEpochMilli();
        double halfLife = settings.halfLife().toMillis();
        for (int i = 0; i < updatedAt.length; i++) {
            long dt = t - updatedAt[i];
            if (dt <= 0) continue;
            double keep = Math.pow(0.5, dt / halfLife);
            for (int j = i * W, end = j + W; j < end; j++) p[j] = keep * p[j] + (1 - keep) * prior[j];
            updatedAt[i] = t;
        }
        invalidate();
    }

    /** {@link #ageTo} the injected clock's now. */
    public void age() {
        ageTo(clock.instant());
    }

    /** Forgets what was learned about one edge (it drifted: new version, new behaviour). */
    public void resetEdge(String caller, String callee) {
        resetSlot(edgeSlot(caller, callee));
    }

    /** Forgets every edge where {@code service} is the caller or the callee (a new version was deployed). */
    public void resetService(String service) {
        int s = graph.service(service).orElseThrow(() -> new InvalidInputException("no service '" + service + "' in the system model"));
        for (int e = 0; e < graph.edgeCount(); e++) if (graph.edgeFrom(e) == s || graph.edgeTo(e) == s) resetSlot(e);
        for (int j = 0; j < graph.journeyCount(); j++) if (graph.journeyEntry(j) == s) resetSlot(graph.journeySlot(j));
    }

    /** This belief carried over to a changed topology: kept for edges and journeys present in both, prior for new ones. */
    public Belief rebase(SystemGraph newGraph, Priors newPriors) {
        Belief next = create(newGraph, newPriors, settings, clock);
        next.restoreFrom(state());
        return next;
    }

    /** Total uncertainty in bits: the sum of the entropies of all distributions. */
    public double entropyBits() {
        double h = 0;
        for (double x : p) if (x > 0) h -= x * log2(x);
        return h;
    }

    /** KL(this || earlier) in bits, summed over slots: what was learned since {@code earlier} (same graph). */
    public double informationBitsSince(Belief earlier) {
        if (earlier.graph != graph) throw new IllegalArgumentException("beliefs over different graphs are not comparable");
        return klBits(p, earlier.p, 0, p.length);
    }

    public BeliefState state() {
        List<BeliefState.EdgeBelief> out = new ArrayList<>(graph.slotCount() * CLASSES.length);
        for (int s = 0; s < graph.slotCount(); s++) {
            String caller = s < graph.edgeCount() ? graph.serviceName(graph.edgeFrom(s)) : "journey:" + graph.journeyName(s - graph.edgeCount());
            String callee = s < graph.edgeCount() ? graph.serviceName(graph.edgeTo(s))
                    : graph.serviceName(graph.journeyEntry(s - graph.edgeCount()));
            for (FaultClass c : CLASSES) {
                out.add(new BeliefState.EdgeBelief(caller, callee, c, distribution(s, c),
                        Instant.ofEpochMilli(updatedAt[s * CLASSES.length + c.ordinal()])));
            }
        }
        return new BeliefState(BeliefState.SCALE, K, out);
    }

    /** A belief from its serialised state; entries for edges the graph no longer has are dropped (drift). */
    public static Belief restore(BeliefState state, SystemGraph graph, Priors priors, Settings settings, Clock clock) {
        if (!state.scale().equals(BeliefState.SCALE) || state.levels() != K) {
            throw new InvalidInputException("stored beliefs use scale " + state.scale() + " with " + state.levels()
                    + " levels; this Assay uses " + BeliefState.SCALE + " with " + K + ": start from priors (delete the stored beliefs)");
        }
        Belief b = create(graph, priors, settings, clock);
        b.restoreFrom(state);
        return b;
    }

    private void restoreFrom(BeliefState state) {
        for (BeliefState.EdgeBelief e : state.edges()) {
            OptionalInt slot = e.caller().startsWith("journey:")
                    ? graph.journey(e.caller().substring("journey:".length())).stream()
                            .filter(j -> graph.serviceName(graph.journeyEntry(j)).equals(e.callee())).map(graph::journeySlot).findFirst()
                    : graph.edge(e.caller(), e.callee());
            if (slot.isEmpty() || e.probabilities().size() != W) continue;
            int b = base(slot.getAsInt(), e.faultClass());
            double sum = e.probabilities().stream().mapToDouble(Double::doubleValue).sum();
            if (!(sum > 0)) continue;
            double norm = Math.abs(sum - 1) < 1e-9 ? 1.0 : sum; // exact round trip of normalised states
            for (int i = 0; i < W; i++) p[b + i] = Math.max(0, e.probabilities().get(i)) / norm;
            updatedAt[slot.getAsInt() * CLASSES.length + e.faultClass().ordinal()] = e.updatedAt().toEpochMilli();
        }
        invalidate();
    }

    private void resetSlot(int slot) {
        long now = clock.millis();
        for (FaultClass c : CLASSES) {
            System.arraycopy(prior, base(slot, c), p, base(slot, c), W);
            updatedAt[slot * CLASSES.length + c.ordinal()] = now;
        }
        invalidate();
    }

    int edgeSlot(String caller, String callee) {
        return graph.edge(caller, callee).orElseThrow(() -> new InvalidInputException(
                "no edge " + caller + "->" + callee + " in topology '" + graph.topology().name() + "'"));
    }

    int journeySlot(String journey) {
        return graph.journeySlot(graph.journey(journey).orElseThrow(() -> new InvalidInputException(
                "no journey '" + journey + "' in topology '" + graph.topology().name() + "'")));
    }

    static int base(int slot, FaultClass c) {
        return (slot * CLASSES.length + c.ordinal()) * W;
    }

    void invalidate() {
        java.util.Arrays.fill(cdfCache, null);
    }

    static double klBits(double[] post, double[] pre, int from, int to) {
        double kl = 0;
        for (int i = from; i < to; i++) if (post[i] > 0) kl += post[i] * log2(post[i] / Math.max(pre[i], 1e-300));
        return Math.max(0, kl);
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
