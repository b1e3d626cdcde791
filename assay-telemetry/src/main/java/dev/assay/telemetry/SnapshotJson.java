package dev.assay.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.model.InvalidInputException;
import dev.assay.model.ServiceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Graph snapshots as JSON files ({@code "kind": "GraphSnapshot"}), for drift: write one now, diff against it
 * later. Also the JSON form of {@code assay graph --format json}.
 */
public final class SnapshotJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SnapshotJson() {
    }

    public static void write(GraphSnapshot g, Path file) throws IOException {
        Files.writeString(file, print(g));
    }

    public static String print(GraphSnapshot g) {
        return toNode(g).toPrettyString();
    }

    public static ObjectNode toNode(GraphSnapshot g) {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", "GraphSnapshot");
        root.put("takenAt", g.takenAt().toString());
        ArrayNode services = root.putArray("services");
        for (ServiceStats s : g.services()) {
            ObjectNode n = services.addObject();
            n.put("name", s.name()).put("kind", s.kind().id()).put("instrumented", s.instrumented());
            s.versions().forEach(n.putArray("versions")::add);
            n.put("firstSeen", s.firstSeen().toString()).put("lastSeen", s.lastSeen().toString());
        }
        ArrayNode edges = root.putArray("edges");
        for (EdgeStats e : g.edges()) {
            ObjectNode n = edges.addObject();
            n.put("from", e.from()).put("to", e.to()).put("sync", e.sync()).put("calls", e.calls()).put("errors", e.errors())
                    .put("errorRate", e.errorRate()).put("callsPerRequest", e.callsPerRequest())
                    .put("callsPerSecond", e.callsPerSecond());
            n.putObject("latencyMs").put("p50", e.latency().p50Ms()).put("p90", e.latency().p90Ms())
                    .put("p99", e.latency().p99Ms()).put("max", e.latency().maxMs());
            n.put("firstSeen", e.firstSeen().toString()).put("lastSeen", e.lastSeen().toString());
            EdgeStats.Inference i = e.inference();
            ObjectNode inf = n.putObject("inferred");
            i.timeout().ifPresentOrElse(t -> inf.put("timeoutMs", t.toMillis()), () -> inf.putNull("timeoutMs"));
            inf.put("retriedCalls", i.retriedCalls()).put("maxRetries", i.maxRetries()).put("failedCalls", i.failedCalls())
                    .put("fallbacks", i.fallbacks());
        }
        ArrayNode journeys = root.putArray("journeys");
        for (JourneyStats j : g.journeys()) {
            ObjectNode n = journeys.addObject();
            n.put("entry", j.entry()).put("route", j.route()).put("traces", j.traces()).put("errors", j.errors());
            j.uses().forEach(n.putArray("uses")::add);
        }
        root.putObject("counts").put("spans", g.counts().spans()).put("traces", g.counts().traces())
                .put("malformedSpans", g.counts().malformedSpans()).put("droppedSpans", g.counts().droppedSpans());
        g.malformedReasons().forEach(root.putArray("malformedReasons")::add);
        return root;
    }

    /** Reads a snapshot file; {@link InvalidInputException} naming the file and field when it is not one. */
    public static GraphSnapshot read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read graph snapshot: " + e.getMessage());
        }
        if (root == null || !"GraphSnapshot".equals(root.path("kind").asText())) {
            throw new InvalidInputException(file + ": kind: expected \"GraphSnapshot\" (write one with assay graph --snapshot-out)");
        }
        try {
            List<ServiceStats> services = new ArrayList<>();
            for (JsonNode n : root.path("services")) {
                List<String> versions = new ArrayList<>();
                n.path("versions").forEach(v -> versions.add(v.asText()));
                services.add(new ServiceStats(text(n, "name"), ServiceKind.byId(n.path("kind").asText("service"))
                        .orElseThrow(() -> new IllegalArgumentException("unknown kind " + n.path("kind"))),
                        n.path("instrumented").asBoolean(true), versions, instant(n, "firstSeen"), instant(n, "lastSeen")));
            }
            List<EdgeStats> edges = new ArrayList<>();
            for (JsonNode n : root.path("edges")) {
                JsonNode l = n.path("latencyMs");
                JsonNode i = n.path("inferred");
                edges.add(new EdgeStats(text(n, "from"), text(n, "to"), n.path("sync").asBoolean(true), n.path("calls").asLong(),
                        n.path("errors").asLong(), n.path("callsPerRequest").asDouble(1.0), n.path("callsPerSecond").asDouble(),
                        new EdgeStats.Latency(l.path("p50").asDouble(), l.path("p90").asDouble(), l.path("p99").asDouble(), l.path("max").asDouble()),
                        instant(n, "firstSeen"), instant(n, "lastSeen"),
                        new EdgeStats.Inference(i.hasNonNull("timeoutMs") ? Optional.of(Duration.ofMillis(i.get("timeoutMs").asLong())) : Optional.empty(),
                                i.path("retriedCalls").asLong(), i.path("maxRetries").asInt(), i.path("failedCalls").asLong(), i.path("fallbacks").asLong())));
            }
            List<JourneyStats> journeys = new ArrayList<>();
            for (JsonNode n : root.path("journeys")) {
                List<String> uses = new ArrayList<>();
                n.path("uses").forEach(u -> uses.add(u.asText()));
                journeys.add(new JourneyStats(text(n, "entry"), text(n, "route"), n.path("traces").asLong(), n.path("errors").asLong(), uses));
            }
            JsonNode c = root.path("counts");
            List<String> reasons = new ArrayList<>();
            root.path("malformedReasons").forEach(r -> reasons.add(r.asText()));
            return new GraphSnapshot(instant(root, "takenAt"), services, edges, journeys, new GraphSnapshot.Counts(
                    c.path("spans").asLong(), c.path("traces").asLong(), c.path("malformedSpans").asLong(), c.path("droppedSpans").asLong()), reasons);
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + ": not a valid graph snapshot: " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("missing text field '" + field + "' in " + n);
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field) {
        return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()) : Instant.EPOCH;
    }
}
