package dev.assay.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Resilience;
import dev.assay.model.Service;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads the shared example topologies ({@code /work/shared/topologies} or {@code assay.topologies.dir}) for
 * tests, with the format's defaults. A lenient test fixture reader: user files go through assay-format's
 * validating parser instead.
 */
public final class TopologyFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TopologyFixtures() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("assay.topologies.dir", "/work/shared/topologies"));
    }

    public static Topology load(String fileName) {
        return load(dir().resolve(fileName));
    }

    public static Topology load(Path file) {
        try {
            return read(JSON.readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read topology " + file, e);
        }
    }

    public static Topology read(JsonNode root) {
        List<Service> services = new ArrayList<>();
        for (JsonNode s : root.path("services")) {
            services.add(new Service(s.get("name").asText(),
                    ServiceKind.byId(s.path("kind").asText("service")).orElseThrow()));
        }
        List<Edge> edges = new ArrayList<>();
        for (JsonNode e : root.path("edges")) {
            Optional<Resilience> resilience = Optional.empty();
            JsonNode r = e.get("resilience");
            if (r != null) {
                JsonNode t = r.get("timeoutMs");
                resilience = Optional.of(new Resilience(
                        t == null || t.isNull() ? Optional.empty() : Optional.of(Duration.ofMillis(t.asLong())),
                        r.path("retries").asInt(0), r.path("fallback").asBoolean(false), r.path("circuitBreaker").asBoolean(false)));
            }
            edges.add(new Edge(e.get("from").asText(), e.get("to").asText(), e.path("sync").asBoolean(true),
                    e.path("callsPerRequest").asDouble(1.0), resilience));
        }
        String name = root.path("name").asText("topology");
        if (!root.has("journeys")) return Topology.withDefaultJourneys(name, services, edges);
        Topology bare = new Topology(name, services, edges, List.of());
        List<Journey> journeys = new ArrayList<>();
        for (JsonNode j : root.path("journeys")) {
            String entry = j.get("entry").asText();
            List<String> uses = new ArrayList<>();
            if (j.has("uses")) j.get("uses").forEach(u -> uses.add(u.asText()));
            else uses.addAll(bare.reachableFrom(entry));
            journeys.add(new Journey(j.get("name").asText(), entry,
                    j.hasNonNull("route") ? Optional.of(j.get("route").asText()) : Optional.empty(),
                    j.path("weight").asDouble(1.0), uses));
        }
        return new Topology(name, services, edges, journeys);
    }
}
