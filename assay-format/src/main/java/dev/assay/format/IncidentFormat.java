package dev.assay.format;

import dev.assay.model.FaultClass;
import dev.assay.model.Incident;
import dev.assay.model.Quantity;
import dev.assay.model.Topology;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The incident file ({@code kind: Incident}, schema {@code schema/incident.schema.json}): a postmortem's facts,
 * read with positioned validation like an intent. {@code magnitude} is a latency ({@code 800ms}, {@code 2s}) for
 * {@code faultClass: latency}, a share ({@code 30%}, {@code 0.3}) for {@code errors} and {@code unavailability}.
 * Names ({@code service}, {@code degraded}) are checked against the topology when one is given.
 */
public final class IncidentFormat {
    static final String KIND = "Incident";

    private IncidentFormat() {
    }

    /** Reads the one incident of {@code file}; throws {@link dev.assay.model.InvalidInputException} with every problem. */
    public static Incident read(Path file, Optional<Topology> topology) {
        Problems problems = Problems.in(file.toString());
        Optional<Incident> incident = one(Trees.read(file, file.toString(), problems), topology, problems);
        problems.throwIfAny();
        return incident.orElseThrow();
    }

    /** Parses incident text; {@code file} is the name printed in problems (and picks JSON or YAML). */
    public static Incident parse(String file, String text, Optional<Topology> topology) {
        Problems problems = Problems.in(file);
        Optional<Incident> incident = one(Trees.read(file, text, problems), topology, problems);
        problems.throwIfAny();
        return incident.orElseThrow();
    }

    private static Optional<Incident> one(List<Node> docs, Optional<Topology> topology, Problems problems) {
        if (!problems.isEmpty()) return Optional.empty();
        if (docs.size() != 1) {
            problems.add(new Position(1, 1), "", "expected exactly one incident document, found " + docs.size());
            return Optional.empty();
        }
        return document(docs.get(0), topology, problems);
    }

    private static Optional<Incident> document(Node doc, Optional<Topology> topology, Problems problems) {
        int before = problems.size();
        Optional<Fields> root = Fields.of(doc, "", problems);
        if (root.isEmpty()) return Optional.empty();
        Fields r = root.get().allow("apiVersion", "kind", "metadata", "spec");
        r.string("apiVersion", true).filter(v -> !v.equals(IntentParser.API_VERSION)).ifPresent(v -> problems.add(
                r.value("apiVersion", false).orElseThrow(), "apiVersion", "unsupported apiVersion '" + v + "'; expected " + IntentParser.API_VERSION));
        r.string("kind", true).filter(v -> !v.equals(KIND)).ifPresent(v -> problems.add(r.value("kind", false).orElseThrow(), "kind",
                "expected kind " + KIND + " in an incident file, got '" + v + "'" + Suggestions.didYouMean(v, List.of(KIND))));
        Optional<String> id = r.map("metadata", true).map(m -> m.allow("id")).flatMap(m -> m.name("id", true));
        Optional<Fields> spec = r.map("spec", true);
        if (spec.isEmpty()) return Optional.empty();
        Fields s = spec.get().allow("service", "faultClass", "magnitude", "degraded", "at", "resolvedAt", "summary");
        Optional<String> service = s.name("service", true);
        service.ifPresent(name -> checkName(s, "service", s.value("service", false).orElseThrow(), name, topology, false, problems));
        Optional<FaultClass> faultClass = s.value("faultClass", true).flatMap(n -> faultClass(n, s.path("faultClass"), problems));
        OptionalDouble magnitude = OptionalDouble.empty();
        if (s.has("magnitude") && faultClass.isPresent()) magnitude = magnitude(s, faultClass.get(), problems);
        List<String> degraded = new ArrayList<>();
        if (s.has("degraded")) {
            s.list("degraded", true).ifPresent(items -> {
                for (int i = 0; i < items.size(); i++) {
                    String path = s.path("degraded") + "[" + i + "]";
                    Node item = items.get(i);
                    Values.name(item, path, problems).ifPresent(name -> {
                        degraded.add(name);
                        checkName(s, path, item, name, topology, true, problems);
                    });
                }
            });
        }
        Optional<Instant> at = s.value("at", true).flatMap(n -> instant(n, s.path("at"), problems));
        Optional<Instant> resolvedAt = s.value("resolvedAt", false).flatMap(n -> instant(n, s.path("resolvedAt"), problems));
        if (at.isPresent() && resolvedAt.isPresent() && resolvedAt.get().isBefore(at.get())) {
            problems.add(s.value("resolvedAt", false).orElseThrow(), s.path("resolvedAt"), "resolvedAt is before at; an incident ends after it begins");
        }
        String summary = s.string("summary", false).orElse("");
        if (problems.size() > before || id.isEmpty() || service.isEmpty() || faultClass.isEmpty() || at.isEmpty()) return Optional.empty();
        return Optional.of(new Incident(id.get(), service.get(), faultClass.get(), magnitude, degraded, at.get(), resolvedAt, summary));
    }

    private static Optional<FaultClass> faultClass(Node n, String path, Problems problems) {
        List<String> names = Arrays.stream(FaultClass.values()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        return Values.string(n, path, problems).flatMap(v -> {
            if (names.contains(v.toLowerCase(Locale.ROOT))) return Optional.of(FaultClass.valueOf(v.toUpperCase(Locale.ROOT)));
            problems.add(n, path, "unknown fault class '" + v + "'" + Suggestions.didYouMean(v, names) + "; expected one of: " + String.join(", ", names));
            return Optional.empty();
        });
    }

    private static OptionalDouble magnitude(Fields s, FaultClass faultClass, Problems problems) {
        Node n = s.value("magnitude", true).orElseThrow();
        Optional<Quantity> q = Values.quantity(n, s.path("magnitude"), problems);
        if (q.isEmpty()) return OptionalDouble.empty();
        boolean latency = faultClass == FaultClass.LATENCY;
        Quantity v = q.get();
        if (latency && v.unit() != Quantity.Unit.MILLISECONDS) {
            problems.add(n, s.path("magnitude"), "a latency incident's magnitude is the added delay with a unit, such as 800ms or 2s");
        } else if (!latency && (v.unit() == Quantity.Unit.MILLISECONDS || v.value() < 0 || v.value() > 1)) {
            problems.add(n, s.path("magnitude"), "an " + faultClass.name().toLowerCase(Locale.ROOT)
                    + " incident's magnitude is the share of traffic affected, such as 30% or 0.3");
        } else if (v.value() <= 0) {
            problems.add(n, s.path("magnitude"), "magnitude must be more than zero (leave it out if unknown)");
        } else {
            return OptionalDouble.of(v.value());
        }
        return OptionalDouble.empty();
    }

    private static Optional<Instant> instant(Node n, String path, Problems problems) {
        return Values.string(n, path, problems).flatMap(v -> {
            try {
                return Optional.of(Instant.parse(v));
            } catch (DateTimeParseException e) {
                problems.add(n, path, "cannot read '" + v + "' as a time; write ISO-8601 UTC such as 2026-11-20T14:05:00Z");
                return Optional.empty();
            }
        });
    }

    private static void checkName(Fields s, String path, Node at, String name, Optional<Topology> topology, boolean journeysToo, Problems problems) {
        if (topology.isEmpty()) return;
        Topology t = topology.get();
        if (t.service(name).isPresent() || (journeysToo && t.journey(name).isPresent())) return;
        List<String> known = new ArrayList<>(t.services().stream().map(dev.assay.model.Service::name).toList());
        if (journeysToo) known.addAll(t.journeys().stream().map(dev.assay.model.Journey::name).toList());
        problems.add(at, path.startsWith("spec") ? path : s.path(path), "unknown " + (journeysToo ? "service or journey" : "service") + " '" + name
                + "' in topology '" + t.name() + "'" + Suggestions.didYouMean(name, known) + "; known: " + String.join(", ", known));
    }
}
