package dev.assay.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.belief.EdgeEvidence;
import dev.assay.belief.EdgeExplanation;
import dev.assay.belief.MeasuredOutcome;
import dev.assay.belief.MeasuredSli;
import dev.assay.belief.MechanismBelief;
import dev.assay.belief.MechanismPriors;
import dev.assay.belief.SystemGraph;
import dev.assay.model.Edge;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Mechanism;
import dev.assay.model.Scope;
import dev.assay.verdict.SliWindows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@link BeliefLearner}'s mechanism belief (version 2): what its priors were made of (traced evidence, the intents'
 * declared mechanisms) and every {@link MeasuredOutcome} it learned from, in order. Its JSON (the {@code mechanisms}
 * member of the learner's snapshot) stores exactly that, so restoring replays the same updates from the same priors and
 * gets the same posteriors and explanations back. Not thread-safe: the learner locks around it.
 */
final class LearnedMechanisms {
    private final SystemGraph graph;
    private final Map<String, EdgeEvidence> evidence;
    private final Map<String, Set<Mechanism.Kind>> declared;
    private final MechanismBelief belief;
    private final List<MeasuredOutcome> measured = new ArrayList<>();

    private LearnedMechanisms(SystemGraph graph, Map<String, EdgeEvidence> evidence, Map<String, Set<Mechanism.Kind>> declared) {
        this.graph = graph;
        this.evidence = Map.copyOf(evidence);
        this.declared = Map.copyOf(declared);
        this.belief = MechanismBelief.create(graph, MechanismPriors.ofDeclared(evidence, declared), MechanismBelief.Settings.DEFAULTS);
    }

    static LearnedMechanisms of(SystemGraph graph, Map<String, EdgeEvidence> evidence, Map<String, Set<Mechanism.Kind>> declared) {
        return new LearnedMechanisms(graph, evidence, declared);
    }

    MechanismBelief snapshot() {
        return belief.copy();
    }

    int outcomes() {
        return measured.size();
    }

    /**
     * What an outcome measured, as the mechanism belief takes it: the fault at the level its fault window ran at, and
     * every known service (journey) other than the target measured with a p99 in both windows; empty when none was.
     */
    static Optional<MeasuredOutcome> measurement(SystemGraph graph, Fault fault, Optional<Magnitude> level, List<SliWindows> windows) {
        if (graph.service(fault.target()).isEmpty()) return Optional.empty();
        Map<String, MeasuredSli> services = new LinkedHashMap<>();
        Map<String, MeasuredSli> journeys = new LinkedHashMap<>();
        for (SliWindows w : windows) {
            if (!w.hasP99()) continue;
            boolean p50 = w.baseline().p50Ms().isPresent() && w.fault().p50Ms().isPresent();
            MeasuredSli m = new MeasuredSli(w.baseline().errorRate(), w.fault().errorRate(), w.baseline().p99Ms().getAsDouble(),
                    w.fault().p99Ms().getAsDouble(), w.baseline().requests(), w.fault().requests(),
                    p50 ? w.baseline().p50Ms() : OptionalDouble.empty(), p50 ? w.fault().p50Ms() : OptionalDouble.empty());
            if (w.journey() && graph.journey(w.name()).isPresent()) journeys.put(w.name(), m);
            else if (!w.journey() && !w.name().equals(fault.target()) && graph.service(w.name()).isPresent()) services.put(w.name(), m);
        }
        if (services.isEmpty()) return Optional.empty();
        Fault at = level.map(l -> new Fault(fault.type(), fault.target(), List.of(l), fault.scope())).orElse(fault);
        return Optional.of(new MeasuredOutcome(at, services, journeys));
    }

    /** Learns from one measured outcome; the bits it gave. */
    double update(MeasuredOutcome outcome) {
        if (graph.service(outcome.fault().target()).isEmpty()) return 0;
        measured.add(outcome);
        return belief.update(outcome).bits();
    }

    /** The explanation of every edge some experiment showed a changed callee (tested), in topology order. */
    List<EdgeExplanation> tested() {
        List<EdgeExplanation> out = new ArrayList<>();
        for (Edge e : graph.topology().edges()) {
            EdgeExplanation x = belief.explain(e.from(), e.to());
            if (x.inputsSeen() > 0) out.add(x);
        }
        return out;
    }

    ObjectNode json() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ObjectNode ev = root.putObject("evidence");
        new TreeMap<>(evidence).forEach((edge, e) -> {
            ObjectNode n = ev.putObject(edge);
            e.observedTimeout().ifPresent(t -> n.put("timeoutMs", t.toMillis()));
            n.put("retriesPerCall", e.retriesPerCall()).put("callsPerSecond", e.callsPerSecond());
        });
        ObjectNode dec = root.putObject("declared");
        new TreeMap<>(declared).forEach((edge, kinds) -> {
            ArrayNode a = dec.putArray(edge);
            kinds.stream().sorted().forEach(k -> a.add(k.name()));
        });
        ArrayNode ms = root.putArray("measured");
        for (MeasuredOutcome o : measured) {
            ObjectNode n = ms.addObject();
            n.put("type", o.fault().type().id()).put("target", o.fault().target()).put("scopePercent", o.fault().scope().percent());
            ObjectNode mag = n.putObject("magnitude");
            o.fault().peak().values().forEach(mag::put);
            ObjectNode texts = n.putObject("texts");
            o.fault().peak().texts().forEach(texts::put);
            slis(n.putObject("services"), o.services());
            slis(n.putObject("journeys"), o.journeys());
        }
        return root;
    }

    private static void slis(ObjectNode into, Map<String, MeasuredSli> slis) {
        slis.forEach((name, m) -> {
            ArrayNode a = into.putArray(name).add(m.baselineErrorRate()).add(m.errorRate()).add(m.baselineP99Ms()).add(m.p99Ms())
                    .add(m.baselineRequests()).add(m.requests());
            if (m.p50Ms().isPresent()) a.add(m.baselineP50Ms().getAsDouble()).add(m.p50Ms().getAsDouble());
        });
    }

    /** The mechanisms stored by {@link #json()}, replayed onto {@code graph} (outcomes on services it lacks are skipped). */
    static LearnedMechanisms restore(JsonNode node, SystemGraph graph) {
        LearnedMechanisms out = of(graph, storedEvidence(node), storedDeclared(node));
        out.replay(node);
        return out;
    }

    /**
     * This belief continued from the stored {@code node} (a {@link #json()}): on the priors the stored outcomes were
     * learned with (the stored evidence and declarations win for the edges they name; this one's fill in the rest),
     * the stored outcomes replayed first, then the ones learned here.
     */
    LearnedMechanisms continuedFrom(JsonNode node) {
        Map<String, EdgeEvidence> ev = new LinkedHashMap<>(evidence);
        ev.putAll(storedEvidence(node));
        Map<String, Set<Mechanism.Kind>> dec = new LinkedHashMap<>(declared);
        dec.putAll(storedDeclared(node));
        LearnedMechanisms out = of(graph, ev, dec);
        out.replay(node);
        measured.forEach(out::update);
        return out;
    }

    private static Map<String, EdgeEvidence> storedEvidence(JsonNode node) {
        Map<String, EdgeEvidence> evidence = new LinkedHashMap<>();
        node.path("evidence").properties().forEach(e -> evidence.put(e.getKey(), new EdgeEvidence(
                e.getValue().has("timeoutMs") ? Optional.of(Duration.ofMillis(e.getValue().get("timeoutMs").asLong())) : Optional.empty(),
                e.getValue().path("retriesPerCall").asDouble(), e.getValue().path("callsPerSecond").asDouble())));
        return evidence;
    }

    private static Map<String, Set<Mechanism.Kind>> storedDeclared(JsonNode node) {
        Map<String, Set<Mechanism.Kind>> declared = new LinkedHashMap<>();
        node.path("declared").properties().forEach(e -> {
            Set<Mechanism.Kind> kinds = EnumSet.noneOf(Mechanism.Kind.class);
            e.getValue().forEach(k -> kinds.add(Mechanism.Kind.valueOf(k.asText())));
            declared.put(e.getKey(), kinds);
        });
        return declared;
    }

    /** Learns again from every outcome stored in {@code node} (a {@link #json()}) whose services this graph knows. */
    void replay(JsonNode node) {
        for (JsonNode n : node.path("measured")) {
            Optional<FaultType> type = FaultType.byId(n.path("type").asText());
            if (type.isEmpty()) continue;
            Map<String, Double> values = new LinkedHashMap<>();
            n.path("magnitude").properties().forEach(e -> values.put(e.getKey(), e.getValue().asDouble()));
            Map<String, String> texts = new LinkedHashMap<>();
            n.path("texts").properties().forEach(e -> texts.put(e.getKey(), e.getValue().asText()));
            Fault fault = new Fault(type.get(), n.path("target").asText(), List.of(new Magnitude(values, texts)),
                    Scope.percent(n.path("scopePercent").asDouble(100)));
            Map<String, MeasuredSli> services = known(n.path("services"), true);
            if (services.isEmpty()) continue;
            update(new MeasuredOutcome(fault, services, known(n.path("journeys"), false)));
        }
    }

    private Map<String, MeasuredSli> known(JsonNode slis, boolean service) {
        Map<String, MeasuredSli> out = new LinkedHashMap<>();
        slis.properties().forEach(e -> {
            if (service ? graph.service(e.getKey()).isEmpty() : graph.journey(e.getKey()).isEmpty()) return;
            JsonNode a = e.getValue();
            boolean p50 = a.size() >= 8; // snapshots before the p50s were stored have 6
            out.put(e.getKey(), new MeasuredSli(a.get(0).asDouble(), a.get(1).asDouble(), a.get(2).asDouble(), a.get(3).asDouble(),
                    a.get(4).asLong(), a.get(5).asLong(), p50 ? OptionalDouble.of(a.get(6).asDouble()) : OptionalDouble.empty(),
                    p50 ? OptionalDouble.of(a.get(7).asDouble()) : OptionalDouble.empty()));
        });
        return out;
    }
}
