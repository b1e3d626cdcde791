package dev.assay.format;

import dev.assay.model.InjectorConfig;
import dev.assay.model.Journey;
import dev.assay.model.Safety;
import dev.assay.model.ScheduleConfig;
import dev.assay.model.SliDefinition;
import dev.assay.model.Slo;
import dev.assay.model.SystemConfig;
import dev.assay.model.TelemetrySourceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads {@code kind: System} documents ({@code assay.yaml}) from positioned trees, reporting every problem
 * with {@code file:line:column}: unknown fields, telemetry kinds and the address each needs, SLIs with
 * neither or both of {@code prometheus}/{@code proxy}, SLOs over unknown or non-ratio SLIs, objectives
 * outside (0, 1), duplicate names, the safety defaults (read as an intent's {@code safety}) and the continuous-mode
 * {@code schedule} ({@link ScheduleParser}).
 */
final class SystemParser {
    static final String API_VERSION = "assay/v1";
    static final String KIND = "System";
    private static final List<String> TELEMETRY_KINDS = Arrays.stream(TelemetrySourceConfig.Kind.values()).map(TelemetrySourceConfig.Kind::id).toList();
    /** The service meshes whose request metrics a prometheus source can read edges from (assay-telemetry's ServiceMesh). */
    static final List<String> MESHES = List.of("istio", "linkerd");

    private final Problems problems;

    SystemParser(Problems problems) {
        this.problems = problems;
    }

    Optional<SystemConfig> parse(List<Node> documents) {
        if (documents.isEmpty()) {
            problems.add(new Position(1, 1), "", "the file is empty; expected a document with kind: System");
            return Optional.empty();
        }
        if (documents.size() > 1) problems.add(documents.get(1), "", "a system file holds one System document; found " + documents.size());
        int before = problems.size();
        Optional<Fields> root = Fields.of(documents.get(0), "", problems);
        if (root.isEmpty()) return Optional.empty();
        Fields r = root.get().allow("apiVersion", "kind", "metadata", "spec");
        r.string("apiVersion", true).filter(v -> !v.equals(API_VERSION)).ifPresent(v ->
                problems.add(r.value("apiVersion", false).orElseThrow(), "apiVersion", "unsupported apiVersion '" + v + "'; expected " + API_VERSION));
        r.string("kind", true).filter(v -> !v.equals(KIND)).ifPresent(v ->
                problems.add(r.value("kind", false).orElseThrow(), "kind", "expected kind " + KIND + " in a system file, got '" + v + "'"));
        Optional<String> name = r.map("metadata", true).flatMap(m -> m.allow("name").name("name", true));
        Optional<Fields> spec = r.map("spec", true);
        if (spec.isEmpty()) return Optional.empty();
        Fields s = spec.get().allow("telemetry", "journeys", "slis", "slos", "injectors", "safety", "schedule");
        List<TelemetrySourceConfig> telemetry = items(s, "telemetry", this::telemetry);
        List<Journey> journeys = unique(items(s, "journeys", this::journey), s, "journeys", Journey::name, "journey");
        List<SliDefinition> slis = unique(items(s, "slis", this::sli), s, "slis", SliDefinition::name, "SLI");
        Map<String, SliDefinition> byName = new HashMap<>();
        slis.forEach(x -> byName.put(x.name(), x));
        java.util.Set<String> declared = new java.util.HashSet<>(); // SLIs written, even ones with problems (reported already)
        s.node().get("slis").filter(n -> n instanceof Node.ListNode).ifPresent(l -> ((Node.ListNode) l).items().forEach(i -> {
            if (i instanceof Node.MapNode m) m.get("name").filter(n -> n instanceof Node.ScalarNode).ifPresent(n -> declared.add(((Node.ScalarNode) n).text().strip()));
        }));
        List<Slo> slos = unique(items(s, "slos", (f, path) -> slo(f, byName, declared)), s, "slos", Slo::name, "SLO");
        List<InjectorConfig> injectors = items(s, "injectors", this::injector);
        // A field the system file does not set imposes nothing: each intent's own value (or default) stands.
        Optional<Safety> safety = s.has("safety") ? s.map("safety", true, f -> new IntentParser(problems, Optional.empty()).safety(f, Safety.NONE))
                : Optional.of(Safety.NONE);
        Optional<ScheduleConfig> schedule = s.has("schedule") ? s.map("schedule", true, f -> new ScheduleParser(problems).parse(f))
                : Optional.of(ScheduleConfig.NONE);
        if (problems.size() > before || name.isEmpty() || safety.isEmpty() || schedule.isEmpty()) return Optional.empty();
        return Optional.of(new SystemConfig(name.get(), telemetry, journeys, slis, slos, injectors, safety.get(), schedule.get()));
    }

    private <T> List<T> items(Fields parent, String field, BiFunction<Fields, String, Optional<T>> parse) {
        List<T> out = new ArrayList<>();
        parent.list(field, false).ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                String path = parent.path(field) + "[" + i + "]";
                Fields.of(items.get(i), path, problems).flatMap(f -> parse.apply(f, path)).ifPresent(out::add);
            }
        });
        return out;
    }

    private <T> List<T> unique(List<T> items, Fields parent, String field, java.util.function.Function<T, String> key, String what) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Integer first = seen.putIfAbsent(key.apply(items.get(i)), i);
            if (first != null) {
                problems.add(parent.keyPosition(field), parent.path(field), "duplicate " + what + " '" + key.apply(items.get(i)) + "'; names must be unique");
            }
        }
        return items;
    }

    private Optional<TelemetrySourceConfig> telemetry(Fields f, String path) {
        f.allow("kind", "url", "listen", "path", "edges", "requestsMetric", "errorsMetric", "context", "namespaces", "serviceLabel", "mesh");
        Optional<String> kindText = f.name("kind", true);
        if (kindText.isEmpty()) return Optional.empty();
        Optional<TelemetrySourceConfig.Kind> kind = TelemetrySourceConfig.Kind.byId(kindText.get());
        if (kind.isEmpty()) {
            problems.add(f.value("kind", false).orElseThrow(), f.path("kind"), "unknown telemetry kind '" + kindText.get() + "'"
                    + Suggestions.didYouMean(kindText.get(), TELEMETRY_KINDS) + "; expected one of: " + String.join(", ", TELEMETRY_KINDS));
            return Optional.empty();
        }
        String addressField = switch (kind.get()) {
            case OTLP -> "listen";
            case OTLP_FILE -> "path";
            default -> "url";
        };
        for (String other : List.of("url", "listen", "path")) {
            if (!other.equals(addressField) && f.has(other)) {
                problems.add(f.keyPosition(other), f.path(other), "a " + kind.get().id() + " source takes '" + addressField + "', not '" + other + "'");
            }
        }
        boolean k8s = kind.get() == TelemetrySourceConfig.Kind.KUBERNETES;
        Map<String, String> options = k8s ? kubernetesOptions(f) : new LinkedHashMap<>();
        if (!k8s) {
            for (String k8sOnly : List.of("context", "namespaces", "serviceLabel")) {
                if (f.has(k8sOnly)) problems.add(f.keyPosition(k8sOnly), f.path(k8sOnly), "'" + k8sOnly + "' only applies to a kubernetes source");
            }
        }
        if (kind.get() == TelemetrySourceConfig.Kind.PROMETHEUS) {
            f.name("mesh", false).ifPresent(m -> {
                if (MESHES.contains(m)) options.put("mesh", m);
                else problems.add(f.value("mesh", false).orElseThrow(), f.path("mesh"), "unknown mesh '" + m + "'" + Suggestions.didYouMean(m, MESHES)
                        + "; expected one of: " + String.join(", ", MESHES) + " (edges from its request metrics in this Prometheus)");
            });
        } else if (f.has("mesh")) {
            problems.add(f.keyPosition("mesh"), f.path("mesh"), "'mesh' only applies to a prometheus source (the Prometheus that scrapes the mesh's proxies)");
        }
        Optional<String> address = k8s && !f.has("url") ? Optional.of("kubeconfig") : f.name(addressField, true);
        Optional<String> badUrl = address.filter(a -> addressField.equals("url") && f.has("url")).flatMap(Urls::problem);
        if (badUrl.isPresent()) {
            problems.add(f.value("url", false).orElseThrow(), f.path("url"), badUrl.get());
            return Optional.empty();
        }
        if (address.isPresent() && addressField.equals("listen") && !validListen(address.get())) {
            problems.add(f.value("listen", false).orElseThrow(), f.path("listen"), "expected host:port (e.g. 127.0.0.1:4318), got '" + address.get() + "'");
            return Optional.empty();
        }
        if (kind.get() != TelemetrySourceConfig.Kind.PROXY) {
            for (String proxyOnly : List.of("edges", "requestsMetric", "errorsMetric")) {
                if (f.has(proxyOnly)) problems.add(f.keyPosition(proxyOnly), f.path(proxyOnly), "'" + proxyOnly + "' only applies to a proxy source");
            }
        } else {
            f.map("edges", false).ifPresent(edges -> edges.node().entries().values().forEach(e ->
                    Values.name(e.value(), edges.path(e.key()), problems).ifPresent(edge -> {
                        if (!edge.matches("[^\\s>-][^>]*->[^\\s].*")) {
                            problems.add(e.value(), edges.path(e.key()), "expected the edge the proxy sits on as caller->callee, got '" + edge + "'");
                        } else {
                            options.put("edge." + e.key(), edge.replace(" ", ""));
                        }
                    })));
            f.name("requestsMetric", false).ifPresent(m -> options.put("requestsMetric", m));
            f.name("errorsMetric", false).ifPresent(m -> options.put("errorsMetric", m));
        }
        return address.map(a -> new TelemetrySourceConfig(kind.get(), a, options));
    }

    private static boolean validListen(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || !hostPort.substring(colon + 1).matches("\\d{1,5}")) return false;
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        return port <= 65535 && Urls.problem("http://" + hostPort.substring(0, colon) + ":1").isEmpty(); // port 0 picks a free one
    }

    private Optional<Journey> journey(Fields f, String path) {
        f.allow("name", "entry", "route", "weight", "uses");
        Optional<String> name = f.name("name", true);
        Optional<String> entry = f.name("entry", true);
        Optional<String> route = f.name("route", false);
        double weight = f.number("weight", false).filter(w -> {
            if (!(w > 0)) problems.add(f.value("weight", false).orElseThrow(), f.path("weight"), "weight must be a positive number (the journey's criticality), got " + w);
            return w > 0;
        }).orElse(1.0);
        List<String> uses = f.names("uses", false).map(ns -> ns.stream().map(Values.Named::name).toList()).orElse(List.of());
        if (name.isEmpty() || entry.isEmpty()) return Optional.empty();
        return Optional.of(new Journey(name.get(), entry.get(), route, weight, uses));
    }

    private Optional<SliDefinition> sli(Fields f, String path) {
        f.allow("name", "prometheus", "proxy", "kind", "latency");
        Optional<String> name = f.name("name", true);
        boolean prom = f.has("prometheus");
        boolean proxy = f.has("proxy");
        if (prom == proxy) {
            problems.add(f.position(), path, prom ? "an SLI reads from 'prometheus' or 'proxy', not both"
                    : "an SLI needs a source: 'prometheus: <PromQL with $window>' or 'proxy: <proxy name>'");
            return Optional.empty();
        }
        SliDefinition.Kind kind = SliDefinition.Kind.ERROR_RATIO;
        Optional<String> kindText = f.name("kind", false);
        if (kindText.isPresent()) {
            List<String> kinds = Arrays.stream(SliDefinition.Kind.values()).map(SliDefinition.Kind::id).toList();
            Optional<SliDefinition.Kind> k = Arrays.stream(SliDefinition.Kind.values()).filter(x -> x.id().equals(kindText.get())).findFirst();
            if (k.isEmpty()) {
                problems.add(f.value("kind", false).orElseThrow(), f.path("kind"), "unknown SLI kind '" + kindText.get() + "'"
                        + Suggestions.didYouMean(kindText.get(), kinds) + "; expected one of: " + String.join(", ", kinds));
                return Optional.empty();
            }
            kind = k.get();
        }
        Optional<String> query = f.name(prom ? "prometheus" : "proxy", true);
        if (query.isPresent() && prom && !query.get().contains("$window")) {
            problems.add(f.value("prometheus", false).orElseThrow(), f.path("prometheus"),
                    "the PromQL must use $window for the trailing window, e.g. sum(rate(errors_total[$window])) / sum(rate(requests_total[$window]))");
            return Optional.empty();
        }
        if (name.isEmpty() || query.isEmpty()) return Optional.empty();
        if (f.has("latency")) return latency(f, name.get(), query.get(), proxy, kindText.isPresent() && kind != SliDefinition.Kind.VALUE);
        return Optional.of(new SliDefinition(name.get(), prom ? SliDefinition.Source.PROMETHEUS : SliDefinition.Source.PROXY, query.get(), kind));
    }

    /** A proxy SLI's {@code latency: p99}: that percentile in ms of the proxy's latency histogram. */
    private Optional<SliDefinition> latency(Fields f, String name, String proxyName, boolean proxy, boolean errorRatio) {
        Node at = f.value("latency", false).orElseThrow();
        Optional<String> text = f.string("latency", true);
        if (text.isEmpty()) return Optional.empty();
        if (!proxy) {
            problems.add(at, f.path("latency"), "'latency' reads a percentile of the proxy's histogram; with 'prometheus' write the quantile in the PromQL");
            return Optional.empty();
        }
        if (errorRatio) {
            problems.add(at, f.path("latency"), "a latency percentile is a value in ms, not an error ratio; drop 'kind' or write kind: value");
            return Optional.empty();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("p(\\d{1,2}(?:\\.\\d+)?)").matcher(text.get().strip());
        double pct = m.matches() ? Double.parseDouble(m.group(1)) : -1;
        if (!(pct > 0 && pct < 100)) {
            problems.add(at, f.path("latency"), "expected a percentile such as p50, p99 or p99.9, got '" + text.get() + "'");
            return Optional.empty();
        }
        return Optional.of(SliDefinition.proxyLatency(name, proxyName, pct / 100));
    }

    private Optional<Slo> slo(Fields f, Map<String, SliDefinition> slis, java.util.Set<String> declared) {
        f.allow("name", "sli", "objective", "window");
        Optional<String> name = f.name("name", true);
        Optional<String> sli = f.name("sli", true);
        sli.ifPresent(s -> {
            SliDefinition def = slis.get(s);
            Node at = f.value("sli", false).orElseThrow();
            if (def == null && !declared.contains(s)) {
                problems.add(at, f.path("sli"), "unknown SLI '" + s + "'" + Suggestions.didYouMean(s, slis.keySet())
                        + "; define it under spec.slis");
            } else if (def != null && def.kind() != SliDefinition.Kind.ERROR_RATIO) {
                problems.add(at, f.path("sli"), "SLI '" + s + "' is of kind " + def.kind().id() + "; an SLO needs an error-ratio SLI");
            }
        });
        Optional<Double> objective = f.ratio("objective", true).filter(o -> {
            boolean ok = o > 0 && o < 1;
            if (!ok) problems.add(f.value("objective", false).orElseThrow(), f.path("objective"),
                    "objective must be between 0 and 1 exclusive (e.g. 0.999 or 99.9%), got " + o);
            return ok;
        });
        Optional<Duration> window = f.duration("window", true).filter(w -> {
            if (w.isZero()) problems.add(f.value("window", false).orElseThrow(), f.path("window"), "window must be more than zero, e.g. 30d");
            return !w.isZero();
        });
        if (name.isEmpty() || sli.isEmpty() || objective.isEmpty() || window.isEmpty()) return Optional.empty();
        SliDefinition def = slis.get(sli.get());
        if (def == null || def.kind() != SliDefinition.Kind.ERROR_RATIO) return Optional.empty();
        return Optional.of(new Slo(name.get(), sli.get(), objective.get(), window.get()));
    }

    /** {@code kind/type: kubernetes}: the kubeconfig context and the namespaces to work in (the API server URL is optional). */
    private Map<String, String> kubernetesOptions(Fields f) {
        Map<String, String> options = new LinkedHashMap<>();
        f.name("context", false).ifPresent(c -> options.put("context", c));
        f.names("namespaces", false).ifPresent(ns -> options.put("namespaces", String.join(",", ns.stream().map(Values.Named::name).toList())));
        f.name("serviceLabel", false).ifPresent(l -> options.put("serviceLabel", l));
        return options;
    }

    private Optional<InjectorConfig> injector(Fields f, String path) {
        f.allow("type", "url", "options", "context", "namespaces", "serviceLabel");
        Optional<String> type = f.name("type", true);
        boolean k8s = type.filter("kubernetes"::equals).isPresent();
        Optional<String> url = k8s && !f.has("url") ? Optional.of("kubeconfig") : f.name("url", true).filter(u -> {
            Optional<String> bad = Urls.problem(u);
            bad.ifPresent(b -> problems.add(f.value("url", false).orElseThrow(), f.path("url"), b));
            return bad.isEmpty();
        });
        Map<String, String> options = k8s ? kubernetesOptions(f) : new LinkedHashMap<>();
        for (String k8sOnly : List.of("context", "namespaces", "serviceLabel")) {
            if (!k8s && f.has(k8sOnly)) problems.add(f.keyPosition(k8sOnly), f.path(k8sOnly), "'" + k8sOnly + "' only applies to a kubernetes injector");
        }
        f.map("options", false).ifPresent(o -> o.node().entries().values().forEach(e ->
                Values.string(e.value(), o.path(e.key()), problems).ifPresent(v -> options.put(e.key(), v))));
        if (type.isEmpty() || url.isEmpty()) return Optional.empty();
        return Optional.of(new InjectorConfig(type.get(), url.get(), options));
    }
}
