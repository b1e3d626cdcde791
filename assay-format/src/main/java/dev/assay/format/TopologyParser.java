package dev.assay.format;

import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Quantity;
import dev.assay.model.Resilience;
import dev.assay.model.Service;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the topology format of PRODUCT.md ({@code *.topology.json}) with its defaults: {@code kind}
 * service, {@code sync} true, {@code callsPerRequest} 1, no {@code resilience}; journeys absent = one per
 * service without callers; {@code uses} absent = everything reachable from the entry.
 */
final class TopologyParser {
    static final String API_VERSION = "assay/v1";
    static final String KIND = "Topology";
    private static final List<String> KINDS = Arrays.stream(ServiceKind.values()).map(ServiceKind::id).toList();

    private final Problems problems;
    private final String defaultName;

    TopologyParser(Problems problems, String defaultName) {
        this.problems = problems;
        this.defaultName = defaultName;
    }

    Optional<Topology> parse(List<Node> documents) {
        if (documents.isEmpty()) return Optional.empty();
        if (documents.size() > 1) {
            problems.add(documents.get(1), "", "a topology file holds one topology; found " + documents.size() + " documents");
        }
        int before = problems.size();
        Optional<Fields> root = Fields.of(documents.get(0), "", problems);
        if (root.isEmpty()) return Optional.empty();
        Fields r = root.get().allow("apiVersion", "kind", "name", "services", "edges", "journeys", "observed"); // observed: a discovered graph's figures (assay graph --format json), informative only
        r.string("apiVersion", false).filter(v -> !v.equals(API_VERSION)).ifPresent(v ->
                problems.add(r.value("apiVersion", false).orElseThrow(), "apiVersion", "unsupported apiVersion '" + v + "'; expected " + API_VERSION));
        r.string("kind", false).filter(v -> !v.equals(KIND)).ifPresent(v ->
                problems.add(r.value("kind", false).orElseThrow(), "kind", "expected kind " + KIND + " in a topology file, got '" + v + "'"
                        + Suggestions.didYouMean(v, List.of(KIND))));
        String name = r.name("name", false).orElse(defaultName);
        Map<String, Position> services = new LinkedHashMap<>();
        List<Service> serviceList = r.list("services", true).map(items -> services(items, r.path("services"), services)).orElse(List.of());
        List<Edge> edges = r.list("edges", false).map(items -> edges(items, r.path("edges"), services)).orElse(List.of());
        Optional<List<Journey>> journeys = r.list("journeys", false).map(items -> journeys(items, r.path("journeys"), services, edges));
        if (problems.size() > before) return Optional.empty();
        return Optional.of(journeys.isPresent()
                ? new Topology(name, serviceList, edges, journeys.get())
                : Topology.withDefaultJourneys(name, serviceList, edges));
    }

    private List<Service> services(List<Node> items, String field, Map<String, Position> seen) {
        List<Service> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String f = field + "[" + i + "]";
            Fields.of(items.get(i), f, problems).ifPresent(s -> {
                s.allow("name", "kind");
                Optional<String> name = s.name("name", true);
                Optional<ServiceKind> kind = s.has("kind") ? s.string("kind", true).flatMap(k -> kind(k, s)) : Optional.of(ServiceKind.SERVICE);
                name.ifPresent(n -> {
                    Position at = s.value("name", false).orElseThrow().position();
                    Position first = seen.putIfAbsent(n, at);
                    if (first != null) problems.add(at, s.path("name"), "duplicate service '" + n + "' (first declared at " + first + "); declare each service once");
                    else kind.ifPresent(k -> out.add(new Service(n, k)));
                });
            });
        }
        return out;
    }

    private Optional<ServiceKind> kind(String k, Fields s) {
        Optional<ServiceKind> kind = ServiceKind.byId(k);
        if (kind.isEmpty()) {
            problems.add(s.value("kind", false).orElseThrow(), s.path("kind"), "unknown service kind '" + k + "'"
                    + Suggestions.didYouMean(k, KINDS) + "; expected one of: " + String.join(", ", KINDS));
        }
        return kind;
    }

    private List<Edge> edges(List<Node> items, String field, Map<String, Position> services) {
        List<Edge> out = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String f = field + "[" + i + "]";
            Fields.of(items.get(i), f, problems).ifPresent(e -> {
                e.allow("from", "to", "sync", "callsPerRequest", "resilience");
                Optional<String> from = known(e, "from", services);
                Optional<String> to = known(e, "to", services);
                boolean sync = e.bool("sync", false).orElse(true);
                double calls = e.number("callsPerRequest", false).filter(c -> positive(c, e, "callsPerRequest")).orElse(1.0);
                Optional<Resilience> resilience = e.map("resilience", false, this::resilience);
                if (from.isEmpty() || to.isEmpty()) return;
                String key = from.get() + "->" + to.get();
                Position at = e.position();
                Position first = seen.putIfAbsent(key, at);
                if (first != null) {
                    problems.add(at, f, "duplicate edge " + key + " (first declared at " + first + "); declare each caller->callee pair once");
                } else {
                    out.add(new Edge(from.get(), to.get(), sync, calls, resilience));
                }
            });
        }
        return out;
    }

    private boolean positive(double v, Fields f, String key) {
        if (v > 0) return true;
        problems.add(f.value(key, false).orElseThrow(), f.path(key), key + " must be more than zero, got " + Quantity.number(v));
        return false;
    }

    private Optional<String> known(Fields f, String key, Map<String, Position> services) {
        return f.name(key, true).filter(n -> {
            if (services.containsKey(n)) return true;
            problems.add(f.value(key, false).orElseThrow(), f.path(key), "unknown service '" + n + "'"
                    + Suggestions.didYouMean(n, services.keySet()) + "; declare it under services first");
            return false;
        });
    }

    private Optional<Resilience> resilience(Fields r) {
        r.allow("timeoutMs", "retries", "fallback", "circuitBreaker");
        int before = problems.size();
        Optional<Duration> timeout = r.value("timeoutMs", false).flatMap(n -> Values.quantity(n, r.path("timeoutMs"), problems).filter(q -> {
            boolean ok = q.unit() != Quantity.Unit.RATIO && q.value() > 0;
            if (!ok) problems.add(n, r.path("timeoutMs"), "expected a timeout in milliseconds (more than zero), or null for no timeout; got " + q);
            return ok;
        }).map(q -> Quantity.millis(q.value()).duration()));
        int retries = r.number("retries", false).filter(n -> {
            boolean ok = n >= 0 && n == Math.rint(n) && n <= Integer.MAX_VALUE;
            if (!ok) problems.add(r.value("retries", false).orElseThrow(), r.path("retries"), "expected a whole number of retries (0 or more), got " + Quantity.number(n));
            return ok;
        }).map(Double::intValue).orElse(0);
        boolean fallback = r.bool("fallback", false).orElse(false);
        boolean breaker = r.bool("circuitBreaker", false).orElse(false);
        if (problems.size() > before) return Optional.empty();
        return Optional.of(new Resilience(timeout, retries, fallback, breaker));
    }

    private List<Journey> journeys(List<Node> items, String field, Map<String, Position> services, List<Edge> edges) {
        List<Journey> out = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Fields.of(items.get(i), field + "[" + i + "]", problems).ifPresent(j -> {
                j.allow("name", "entry", "route", "weight", "uses");
                int before = problems.size();
                Optional<String> name = j.name("name", true);
                Optional<String> entry = known(j, "entry", services);
                Optional<String> route = j.string("route", false);
                double weight = j.number("weight", false).filter(w -> positive(w, j, "weight")).orElse(1.0);
                Optional<List<String>> uses = j.names("uses", false).map(ns -> {
                    for (Values.Named n : ns) {
                        if (!services.containsKey(n.name())) {
                            problems.add(n.position(), n.field(), "unknown service '" + n.name() + "'" + Suggestions.didYouMean(n.name(), services.keySet())
                                    + "; a journey uses services declared under services");
                        }
                    }
                    return ns.stream().map(Values.Named::name).toList();
                });
                name.ifPresent(n -> {
                    Position at = j.value("name", false).orElseThrow().position();
                    Position first = seen.putIfAbsent(n, at);
                    if (first != null) problems.add(at, j.path("name"), "duplicate journey '" + n + "' (first declared at " + first + ")");
                });
                if (problems.size() > before || name.isEmpty() || entry.isEmpty()) return;
                List<String> resolved = uses.orElseGet(() -> reachable(entry.get(), edges));
                out.add(new Journey(name.get(), entry.get(), route, weight, resolved));
            });
        }
        return out;
    }

    /**
     * What {@code entry} reaches over {@code edges}, without building a {@link Topology}: the edges may still
     * name a service whose declaration has a problem (an unknown kind), which a Topology would refuse.
     */
    private static List<String> reachable(String entry, List<Edge> edges) {
        Map<String, List<String>> callees = new HashMap<>();
        for (Edge e : edges) callees.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
        java.util.LinkedHashSet<String> seen = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(entry));
        while (!todo.isEmpty()) {
            for (String next : callees.getOrDefault(todo.poll(), List.of())) if (!next.equals(entry) && seen.add(next)) todo.add(next);
        }
        return List.copyOf(seen);
    }
}
