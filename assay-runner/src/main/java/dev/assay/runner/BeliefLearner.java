package dev.assay.runner;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.belief.Belief;
import dev.assay.belief.BeliefState;
import dev.assay.belief.ChaosScale;
import dev.assay.belief.EdgeEvidence;
import dev.assay.belief.EdgeExplanation;
import dev.assay.belief.MeasuredOutcome;
import dev.assay.belief.MechanismBelief;
import dev.assay.belief.MechanismPriors;
import dev.assay.belief.Observation;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.format.TopologyFormat;
import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.Magnitude;
import dev.assay.model.Topology;
import dev.assay.planner.Planner;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one way outcomes teach the belief model, for {@code assay run} and {@code assay demo} alike. Each outcome
 * becomes a belief {@link Observation} of its intent's fault:
 * <ul>
 *   <li>SUPPORTED: the target journey did not degrade; every watched service degraded or not (the observed blast radius);</li>
 *   <li>REFUTED: the target journey degraded; the watched services as above;</li>
 *   <li>ABORTED by a guard ({@link #guardTripped}): the target journey degraded <em>at the level where the guard
 *       tripped</em>; only the services seen degraded count (the window was cut short, so "not seen" is not "tolerant");</li>
 *   <li>anything else (pre-flight refusal, operator stop, INCONCLUSIVE): nothing was learned.</li>
 * </ul>
 * The same outcome also teaches the mechanism belief (version 2, {@link MechanismBelief}): every observed service's
 * measured error rate and p99 in the baseline and fault windows ({@link Outcome#measured()}), whatever the verdict,
 * at the level the fault window ran at; an outcome without such measurements (a pre-flight refusal, an SLI source
 * without latency percentiles) teaches it nothing. It remembers what it was taught ({@link #tested()}), so findings
 * can name the level each edge was tested at, and its {@link #snapshotJson()} carries the topology and the mechanism
 * belief's priors and measurements, so {@code assay report}, {@code plan} and the next {@code run} rebuild both.
 */
public final class BeliefLearner implements BeliefUpdater {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One fault the beliefs learned from: the experiment, its intent, the fault and the level index it counted at. */
    public record Tested(String experimentId, String intentId, String target, FaultClass faultClass, int level, String testedAt) {
        public Tested {
            requireNonNull(experimentId, "experimentId");
            requireNonNull(intentId, "intentId");
            requireNonNull(target, "target");
            requireNonNull(faultClass, "faultClass");
            requireNonNull(testedAt, "testedAt");
        }
    }

    private final Belief belief;
    private LearnedMechanisms mechanisms;
    private final Clock clock;
    private final List<Tested> tested = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();

    private BeliefLearner(Belief belief, LearnedMechanisms mechanisms, Clock clock, List<Tested> tested) {
        this.belief = belief;
        this.mechanisms = mechanisms;
        this.clock = clock;
        this.tested.addAll(tested);
    }

    /** Learns into {@code belief}, and into a mechanism belief on its graph at broad priors. */
    public static BeliefLearner of(Belief belief, Clock clock) {
        return of(belief, Map.of(), List.of(), clock);
    }

    /**
     * Learns into {@code belief}, and into a mechanism belief on its graph with priors from the traced
     * {@code evidence} (keyed {@code caller->callee}) and the mechanisms {@code intents} declare.
     */
    public static BeliefLearner of(Belief belief, Map<String, EdgeEvidence> evidence, List<Intent> intents, Clock clock) {
        requireNonNull(belief, "belief");
        return new BeliefLearner(belief, LearnedMechanisms.of(belief.graph(), evidence, MechanismPriors.declared(intents)),
                requireNonNull(clock, "clock"), List.of());
    }

    /** A copy of the current mechanism belief, for planning and explanations (later updates do not change it). */
    public MechanismBelief mechanisms() {
        lock.lock();
        try {
            return mechanisms.snapshot();
        } finally {
            lock.unlock();
        }
    }

    /** Why faults travel over each tested edge (an experiment showed it a changed callee), in topology order. */
    public List<EdgeExplanation> explanations() {
        lock.lock();
        try {
            return mechanisms.tested();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Continues from what an earlier learner stored ({@link #snapshotJson()}, e.g. the journal's latest): learns
     * again every measured outcome of its mechanism belief whose target and services this learner's graph knows, on
     * the priors that snapshot learned them with (its traced evidence and declared mechanisms; this learner's own
     * only for edges the snapshot has none for), so {@code plan}, {@code run} and {@code serve} continue from the same
     * posteriors {@code report} restores. Returns how many outcomes it learned from; 0 for a snapshot without mechanisms.
     */
    public int continueFrom(String json) {
        lock.lock();
        try {
            int before = mechanisms.outcomes();
            mechanisms = mechanisms.continuedFrom(JSON.readTree(json).path("mechanisms"));
            return mechanisms.outcomes() - before;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The planner on what this learner believes now: cost and constraints from the tolerance belief, generated
     * candidates' EIG from the mechanism belief (what {@code assay plan} shows). The one way {@link Campaign} and
     * {@code serve}'s controller plan.
     */
    public Planner planner(List<Intent> intents) {
        lock.lock();
        try {
            return Planner.create(belief.copy(), intents, mechanisms.snapshot());
        } finally {
            lock.unlock();
        }
    }

    /** A copy of the current belief, for planning and views (later updates do not change it). */
    public Belief snapshot() {
        lock.lock();
        try {
            return belief.copy();
        } finally {
            lock.unlock();
        }
    }

    /** What was learned from, in order. */
    public List<Tested> tested() {
        lock.lock();
        try {
            return List.copyOf(tested);
        } finally {
            lock.unlock();
        }
    }

    /** Aborted because a guard saw the system degrade during injection (not the pre-flight, not the operator). */
    public static boolean guardTripped(Outcome o) {
        return o.verdict() instanceof Verdict.Aborted && o.abortLatency().isPresent()
                && o.abortReason().map(r -> r.startsWith("guard ")).orElse(false);
    }

    @Override
    public double update(Experiment experiment, Outcome outcome) {
        return update(experiment, outcome, Optional.empty());
    }

    @Override
    public double update(Experiment experiment, Outcome outcome, Optional<Magnitude> lastLevel) {
        return learnMechanisms(experiment.intent().fault(), lastLevel, outcome.measured()) + updateTolerances(experiment, outcome, lastLevel);
    }

    /**
     * Teaches the mechanism belief one earlier level of a ramp or threshold search (the tolerance belief learns from
     * the verdict, which only the last level has); 0 bits when the level measured no service it can take.
     */
    @Override
    public double learnLevel(Experiment experiment, Magnitude level, List<dev.assay.verdict.SliWindows> measured) {
        return learnMechanisms(experiment.intent().fault(), Optional.of(level), measured);
    }

    /** The mechanism belief learns {@code measured} of {@code fault} at {@code level} (its peak when empty); the bits it gave. */
    private double learnMechanisms(Fault fault, Optional<Magnitude> level, List<dev.assay.verdict.SliWindows> measured) {
        lock.lock();
        try {
            Optional<MeasuredOutcome> m = LearnedMechanisms.measurement(belief.graph(), fault, level, measured);
            return m.isPresent() ? mechanisms.update(m.get()) : 0;
        } catch (IllegalArgumentException e) {
            return 0; // a measurement the mechanism belief cannot take teaches it nothing; the outcome is still journaled
        } finally {
            lock.unlock();
        }
    }

    /** The version-1 update: the tolerance belief from the verdict and the observed blast radius. */
    private double updateTolerances(Experiment experiment, Outcome outcome, Optional<Magnitude> lastLevel) {
        Fault fault = experiment.intent().fault();
        String target = fault.target();
        boolean tripped = guardTripped(outcome);
        Optional<Boolean> journeyDegraded = switch (outcome.verdict()) {
            case Verdict.Supported s -> Optional.of(false);
            case Verdict.Refuted r -> Optional.of(true);
            case Verdict.Aborted a -> tripped ? Optional.of(true) : Optional.empty();
            case Verdict.Inconclusive i -> Optional.empty();
        };
        if (journeyDegraded.isEmpty()) return 0;
        Map<String, Boolean> services = new LinkedHashMap<>();
        for (String s : experiment.watchedServices().keySet()) {
            boolean degraded = outcome.actualBlastRadius().contains(s);
            if (!s.equals(target) && (degraded || !tripped)) services.put(s, degraded);
        }
        Magnitude at = tripped ? lastLevel.orElse(fault.peak()) : fault.peak();
        int level = ChaosScale.level(fault.type(), at, fault.scope());
        lock.lock();
        try {
            Map<String, Boolean> journeys = belief.graph().journey(experiment.intent().targetBehavior()).isPresent()
                    ? Map.of(experiment.intent().targetBehavior(), journeyDegraded.get()) : Map.of();
            services.keySet().removeIf(s -> belief.graph().service(s).isEmpty());
            if (belief.graph().service(target).isEmpty()) return 0; // a target the model does not know: nothing to learn about it
            double bits = belief.update(new Observation(fault.type().faultClass(), target, level, services, journeys, outcome.endedAt()))
                    .informationBits();
            tested.add(new Tested(experiment.id(), experiment.intent().id(), target, fault.type().faultClass(), level, testedAt(fault.type(), at, fault)));
            return bits;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Teaches the belief a real incident (postmortem facts) with the core's weaker incident update
     * ({@link Belief#observeIncident}): the fault hit {@code incident.service()} at its magnitude's level (the top
     * level when unknown: a degradation seen at the strongest level claims the least), every service and journey of
     * the model listed in {@code degraded} degraded and the others did not. Recorded in {@link #tested()} with
     * experiment id {@code incident:ID}, so findings and reports say which beliefs came from incidents. Returns the
     * bits learned; 0 (nothing changed) when the model does not know the service.
     */
    public double observeIncident(dev.assay.model.Incident incident) {
        FaultClass fc = incident.faultClass();
        int level = incident.magnitude().isPresent() ? ChaosScale.indexOf(incident.magnitude().getAsDouble(), fc) : ChaosScale.LEVELS - 1;
        lock.lock();
        try {
            if (belief.graph().service(incident.service()).isEmpty()) return 0;
            Topology topology = belief.graph().topology();
            Map<String, Boolean> services = new LinkedHashMap<>();
            topology.services().stream().map(dev.assay.model.Service::name).filter(n -> !n.equals(incident.service()))
                    .forEach(n -> services.put(n, incident.degraded().contains(n)));
            Map<String, Boolean> journeys = new LinkedHashMap<>();
            topology.journeys().forEach(j -> journeys.put(j.name(), incident.degraded().contains(j.name())));
            double bits = belief.observeIncident(new Observation(fc, incident.service(), level, services, journeys, incident.at())).informationBits();
            String magnitude = incident.magnitude().isPresent() ? " " + ChaosScale.label(fc, level) : "";
            tested.add(new Tested("incident:" + incident.id(), "incident", incident.service(), fc, level,
                    "incident " + incident.id() + " (" + fc.name().toLowerCase(java.util.Locale.ROOT) + magnitude + ")"));
            return bits;
        } finally {
            lock.unlock();
        }
    }

    /** True when {@code t} was learned from an incident rather than an experiment. */
    public static boolean fromIncident(Tested t) {
        return t.experimentId().startsWith("incident:");
    }

    /** How a fault was applied, in words: {@code latency delayMs=400}, {@code unavailable}, {@code error on 50%}. */
    static String testedAt(FaultType type, Magnitude m, Fault f) {
        boolean none = m.values().isEmpty() && m.texts().isEmpty();
        return type.id() + (none ? "" : " " + m.describe()) + (f.scope().percent() < 100 ? " on " + Math.round(f.scope().percent()) + "%" : "");
    }

    @Override
    public String snapshotJson() {
        lock.lock();
        try {
            BeliefState state = belief.state();
            ObjectNode root = JSON.createObjectNode();
            root.put("scale", state.scale());
            root.put("levels", state.levels());
            ArrayNode edges = root.putArray("edges");
            for (BeliefState.EdgeBelief e : state.edges()) {
                ObjectNode n = edges.addObject();
                n.put("caller", e.caller());
                n.put("callee", e.callee());
                n.put("faultClass", e.faultClass().name());
                ArrayNode p = n.putArray("probabilities");
                e.probabilities().forEach(p::add);
                n.put("updatedAt", e.updatedAt().toString());
            }
            ArrayNode t = root.putArray("tested");
            for (Tested x : tested) {
                t.addObject().put("experiment", x.experimentId()).put("intent", x.intentId())
                        .put("target", x.target()).put("faultClass", x.faultClass().name()).put("level", x.level())
                        .put("testedAt", x.testedAt());
            }
            root.set("topology", JSON.readTree(TopologyFormat.printJson(belief.graph().topology())));
            root.set("mechanisms", mechanisms.json());
            return root.toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a printed topology is always JSON", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The belief stored by {@link #snapshotJson()} (e.g. the journal's latest snapshot), restored onto
     * {@code graph}; empty when the text is not such a snapshot or uses another scale (then start from priors).
     */
    public static Optional<Belief> restore(String json, SystemGraph graph, Priors priors, Belief.Settings settings, Clock clock) {
        try {
            JsonNode root = JSON.readTree(json);
            if (!root.has("edges")) return Optional.empty();
            return Optional.of(Belief.restore(state(root), graph, priors, settings, clock));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The learner stored by {@link #snapshotJson()}, with its own topology and what it was tested on; empty when
     * the snapshot is older (no topology) or unreadable.
     */
    public static Optional<BeliefLearner> restore(String json, Clock clock) {
        try {
            JsonNode root = JSON.readTree(json);
            if (!root.has("edges") || !root.has("topology")) return Optional.empty();
            Topology topology = TopologyFormat.parse("the journal's belief snapshot", root.get("topology").toString());
            SystemGraph graph = SystemGraph.of(topology);
            Belief b = Belief.restore(state(root), graph, Priors.of(Map.of(), List.of()), Belief.Settings.DEFAULTS, clock);
            List<Tested> tested = new ArrayList<>();
            for (JsonNode n : root.path("tested")) {
                tested.add(new Tested(n.get("experiment").asText(), n.get("intent").asText(), n.get("target").asText(),
                        FaultClass.valueOf(n.get("faultClass").asText()), n.get("level").asInt(), n.get("testedAt").asText()));
            }
            return Optional.of(new BeliefLearner(b, LearnedMechanisms.restore(root.path("mechanisms"), graph), clock, tested));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static BeliefState state(JsonNode root) {
        List<BeliefState.EdgeBelief> edges = new ArrayList<>();
        for (JsonNode n : root.get("edges")) {
            List<Double> p = new ArrayList<>();
            n.get("probabilities").forEach(v -> p.add(v.asDouble()));
            edges.add(new BeliefState.EdgeBelief(n.get("caller").asText(), n.get("callee").asText(),
                    FaultClass.valueOf(n.get("faultClass").asText()), p, Instant.parse(n.get("updatedAt").asText())));
        }
        return new BeliefState(root.get("scale").asText(), root.get("levels").asInt(), edges);
    }
}
