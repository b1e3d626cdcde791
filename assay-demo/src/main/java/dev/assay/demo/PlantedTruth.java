package dev.assay.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.belief.EdgeMechanism;
import dev.assay.model.Edge;
import dev.assay.model.FaultClass;
import dev.assay.model.Journey;
import dev.assay.model.Resilience;
import dev.assay.model.Service;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the demo shop really does, from {@code planted-truth.json} (the machine form of {@code docs/demo.md}):
 * its topology with the real resilience of every edge, the tolerance of edges to fault classes, and the
 * outcome each demo intent is built to have.
 */
public record PlantedTruth(Topology topology, List<EdgeTruth> edges, Map<String, IntentTruth> intents, Map<String, EdgeMechanism> mechanisms) {
    /**
     * Whether {@code from} keeps working when {@code to} suffers a fault of {@code faultClass}. {@code planted}: a weakness
     * the demo is built to find (false for a fragility that is true of the shop but that one experiment may leave short of
     * P >= 0.9 in the tolerance belief, e.g. checkout -> payment under a share of errors).
     */
    public record EdgeTruth(String from, String to, FaultClass faultClass, boolean tolerant, String why, boolean planted) {
        public EdgeTruth {
            requireNonNull(from, "from");
            requireNonNull(to, "to");
            requireNonNull(faultClass, "faultClass");
            requireNonNull(why, "why");
        }

        public String key() {
            return from + "->" + to;
        }
    }

    /** The outcome a demo intent is planted to have: SUPPORTED, REFUTED, ABORTED, REDUNDANT or STALE. */
    public record IntentTruth(String expected, Optional<String> redundantWith, Optional<String> staleEdge) {
        public IntentTruth {
            requireNonNull(expected, "expected");
            requireNonNull(redundantWith, "redundantWith");
            requireNonNull(staleEdge, "staleEdge");
        }
    }

    public PlantedTruth {
        requireNonNull(topology, "topology");
        edges = List.copyOf(edges);
        intents = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(intents));
        mechanisms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mechanisms));
    }

    /** What the shop's code does on edge {@code from->to} (its {@code CallPolicy}), in the mechanism belief's vocabulary. */
    public Optional<EdgeMechanism> mechanism(String from, String to) {
        return Optional.ofNullable(mechanisms.get(from + "->" + to));
    }

    /** The edges of the weaknesses (fragile edges), in order, each once. */
    public List<String> fragileEdges() {
        return weaknesses().stream().map(EdgeTruth::key).distinct().toList();
    }

    /** The planted weaknesses: edges that are not tolerant to their fault class (and are planted to be found). */
    public List<EdgeTruth> weaknesses() {
        return edges.stream().filter(e -> !e.tolerant() && e.planted()).toList();
    }

    public Optional<EdgeTruth> edge(String from, String to, FaultClass faultClass) {
        return edges.stream().filter(e -> e.from().equals(from) && e.to().equals(to) && e.faultClass() == faultClass).findFirst();
    }

    public static PlantedTruth load() {
        try (InputStream in = PlantedTruth.class.getResourceAsStream("planted-truth.json")) {
            if (in == null) throw new IllegalStateException("planted-truth.json is missing from the assay-demo jar");
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read planted-truth.json", e);
        }
    }

    /**
     * What the demo must measure on assistant -> llm for each AI fault type ({@code planted-truth.json}'s {@code llmEdge}):
     * the mechanism names of {@link LlmEdgeFinding#mechanisms()}, e.g. {@code rate-limit -> [retries-without-backoff]}.
     */
    public static Map<String, List<String>> llmEdgeMechanisms() {
        try (InputStream in = PlantedTruth.class.getResourceAsStream("planted-truth.json")) {
            if (in == null) throw new IllegalStateException("planted-truth.json is missing from the assay-demo jar");
            Map<String, List<String>> out = new LinkedHashMap<>();
            new ObjectMapper().readTree(in).path("llmEdge").properties().forEach(e -> {
                if (!e.getValue().isArray()) return;
                List<String> names = new ArrayList<>();
                e.getValue().forEach(n -> names.add(n.asText()));
                out.put(e.getKey(), List.copyOf(names));
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read planted-truth.json", e);
        }
    }

    static PlantedTruth parse(JsonNode root) {
        JsonNode t = root.path("topology");
        List<Service> services = new ArrayList<>();
        for (JsonNode s : t.path("services")) {
            services.add(new Service(s.path("name").asText(), ServiceKind.byId(s.path("kind").asText("service")).orElseThrow()));
        }
        List<Edge> edges = new ArrayList<>();
        Map<String, EdgeMechanism> mechanisms = new LinkedHashMap<>();
        for (JsonNode e : t.path("edges")) {
            JsonNode m = e.path("mechanism");
            if (!m.isMissingNode()) {
                mechanisms.put(e.path("from").asText() + "->" + e.path("to").asText(), new EdgeMechanism(
                        m.path("timeoutMs").isNumber() ? OptionalLong.of(m.path("timeoutMs").asLong()) : OptionalLong.empty(),
                        m.path("retries").asInt(0), m.path("backoff").asBoolean(false), m.path("breaker").asBoolean(false), m.path("fallback").asBoolean(false)));
            }
            JsonNode r = e.path("resilience");
            Optional<Resilience> res = r.isMissingNode() ? Optional.empty() : Optional.of(new Resilience(
                    r.path("timeoutMs").isNumber() ? Optional.of(Duration.ofMillis(r.path("timeoutMs").asLong())) : Optional.empty(),
                    r.path("retries").asInt(0), r.path("fallback").asBoolean(false), r.path("circuitBreaker").asBoolean(false)));
            edges.add(new Edge(e.path("from").asText(), e.path("to").asText(), e.path("sync").asBoolean(true),
                    e.path("callsPerRequest").asDouble(1.0), res));
        }
        List<Journey> journeys = new ArrayList<>();
        for (JsonNode j : t.path("journeys")) {
            List<String> uses = new ArrayList<>();
            j.path("uses").forEach(u -> uses.add(u.asText()));
            journeys.add(new Journey(j.path("name").asText(), j.path("entry").asText(), Optional.empty(), j.path("weight").asDouble(1), uses));
        }
        List<EdgeTruth> truths = new ArrayList<>();
        for (JsonNode e : root.path("edges")) {
            truths.add(new EdgeTruth(e.path("from").asText(), e.path("to").asText(),
                    FaultClass.valueOf(e.path("faultClass").asText().toUpperCase(Locale.ROOT)), e.path("tolerant").asBoolean(), e.path("why").asText(),
                    e.path("planted").asBoolean(true)));
        }
        Map<String, IntentTruth> intents = new LinkedHashMap<>();
        root.path("intents").fields().forEachRemaining(f -> intents.put(f.getKey(), new IntentTruth(f.getValue().path("expected").asText(),
                text(f.getValue(), "redundantWith"), text(f.getValue(), "staleEdge"))));
        return new PlantedTruth(new Topology(t.path("name").asText(), services, edges, journeys), truths, intents, mechanisms);
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }
}
