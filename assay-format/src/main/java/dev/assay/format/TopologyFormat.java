package dev.assay.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The topology file format ({@code *.topology.json}, PRODUCT.md): reading with positioned problems (an edge
 * naming an unknown service, duplicates, a journey entry that does not exist, a bad kind ...) and printing
 * the complete JSON form (every default written out), which reads back to an equal {@link Topology}.
 */
public final class TopologyFormat {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private TopologyFormat() {
    }

    /** @throws dev.assay.model.InvalidInputException with every problem of the file */
    public static Topology read(Path file) {
        Problems problems = Problems.in(file.toString());
        Optional<Topology> t = read(file, file.toString(), problems);
        problems.throwIfAny();
        return t.orElseThrow();
    }

    /** Reads into {@code problems} (nothing thrown); empty when the file has problems. */
    public static Optional<Topology> read(Path file, String displayName, Problems problems) {
        int before = problems.size();
        return new TopologyParser(problems, defaultName(displayName)).parse(Trees.read(file, displayName, problems)).filter(t -> problems.size() == before);
    }

    /** @throws dev.assay.model.InvalidInputException with every problem found */
    public static Topology parse(String file, String text) {
        Problems problems = Problems.in(file);
        Optional<Topology> t = parse(text, problems);
        problems.throwIfAny();
        return t.orElseThrow();
    }

    public static Optional<Topology> parse(String text, Problems problems) {
        int before = problems.size();
        return new TopologyParser(problems, defaultName(problems.file())).parse(Trees.read(problems.file(), text, problems)).filter(t -> problems.size() == before);
    }

    /** The complete JSON form; also what {@code assay graph --format json} prints. */
    public static String printJson(Topology t) {
        try {
            return JSON.writeValueAsString(tree(t)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode tree(Topology t) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("name", t.name());
        ArrayNode services = root.putArray("services");
        for (Service s : t.services()) services.addObject().put("name", s.name()).put("kind", s.kind().id());
        ArrayNode edges = root.putArray("edges");
        for (Edge e : t.edges()) {
            ObjectNode o = edges.addObject().put("from", e.from()).put("to", e.to()).put("sync", e.sync())
                    .put("callsPerRequest", number(e.callsPerRequest()));
            e.resilience().ifPresent(r -> {
                ObjectNode res = o.putObject("resilience");
                r.timeout().ifPresentOrElse(d -> res.put("timeoutMs", number(d.toNanos() / 1_000_000.0)), () -> res.putNull("timeoutMs"));
                res.put("retries", r.retries()).put("fallback", r.fallback()).put("circuitBreaker", r.circuitBreaker());
            });
        }
        ArrayNode journeys = root.putArray("journeys");
        for (Journey j : t.journeys()) {
            ObjectNode o = journeys.addObject().put("name", j.name()).put("entry", j.entry());
            j.route().ifPresent(r -> o.put("route", r));
            o.put("weight", number(j.weight()));
            ArrayNode uses = o.putArray("uses");
            j.uses().forEach(uses::add);
        }
        return root;
    }

    private static BigDecimal number(double v) {
        BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
        return d.signum() == 0 ? BigDecimal.ZERO : d;
    }

    private static String defaultName(String file) {
        String base = Path.of(file).getFileName() == null ? file : Path.of(file).getFileName().toString();
        int dot = base.indexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
