package dev.assay.k8s;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Maps one level of an Assay fault on a cluster service to a Chaos Mesh spec (the table in INJECTORS.md). Pure:
 * what it needs from the cluster (the target's selector and pods, the excluded services next to it) is passed in.
 * Scope is the percentage of the target's <em>pods</em> (Chaos Mesh selects pods, not requests): 100 is
 * {@code mode: all}, a percentage that picks exactly one pod is {@code mode: one}, anything else
 * {@code mode: fixed-percent}.
 */
public final class ChaosMapping {
    private ChaosMapping() {
    }

    /** What the cluster contributes: the target, how many pods it runs and their containers, excluded services in its namespace. */
    public record Target(ServiceRef service, int pods, List<String> containers, List<ServiceRef> excludedNeighbours) {
        public Target {
            containers = List.copyOf(containers);
            excludedNeighbours = List.copyOf(excludedNeighbours);
        }
    }

    /** Why {@code fault} can never be a Chaos Mesh object, whatever the cluster holds; empty when it can. For validate/plan. */
    public static Optional<String> check(Fault fault) {
        Scope scope = fault.scope();
        boolean http = scope.method().isPresent() || scope.pathPrefix().isPresent();
        if (scope.percent() < 100 && scope.percent() != Math.rint(scope.percent())) {
            return Optional.of("scope " + scope.percent() + "%: Chaos Mesh selects whole percents of pods (fixed-percent); use a whole number");
        }
        switch (fault.type()) {
            case RESET, SLOW_CLOSE, SLICER -> {
                return Optional.of(fault.type().id() + " is a TCP-stream fault Chaos Mesh has no equivalent for; inject it with the fault proxy (type: proxy)");
            }
            case KILL, PAUSE -> {
                return Optional.of(fault.type().id() + " signals a local process; on Kubernetes use pod-kill, container-kill or pod-failure");
            }
            case RATE_LIMIT, OVERLOADED, SLOW_STREAM, STREAM_CUT, MALFORMED_BODY -> {
                return Optional.of(fault.type().id() + " answers or rewrites HTTP calls and streams, which Chaos Mesh cannot; inject it"
                        + " with the fault proxy in HTTP mode (type: proxy, mode: http)");
            }
            case LATENCY, ERROR, ABORT -> { }
            case UNAVAILABLE, BANDWIDTH, LOSS, PARTITION, POD_KILL, POD_FAILURE, CONTAINER_KILL, CPU_STRESS, MEMORY_STRESS -> {
                if (http) return Optional.of(fault.type().id() + " acts on " + (kind(fault.type(), false) == ChaosKind.NETWORK ? "packets" : "pods")
                        + " and cannot be scoped to an HTTP method or path; remove scope.method/scope.path or use latency, error or abort");
            }
        }
        for (Magnitude level : fault.levels()) {
            Optional<String> bad = checkLevel(fault.type(), level, http);
            if (bad.isPresent()) return bad;
        }
        return Optional.empty();
    }

    /** The Chaos Mesh object for one level, lasting {@code duration}; Unsupported with the reason when it cannot be made. */
    public static ChaosObject map(Fault fault, Magnitude level, Target target, Duration duration) {
        Optional<String> bad = check(new Fault(fault.type(), fault.target(), List.of(level), fault.scope()));
        if (bad.isPresent()) return new ChaosObject.Unsupported(bad.get());
        if (target.service().podSelector().isEmpty()) return new ChaosObject.Unsupported("service " + target.service().name() + " has no pod selector");
        if (target.pods() == 0) {
            return new ChaosObject.Unsupported("no pods of " + target.service().name() + " in namespace " + target.service().namespace()
                    + " match " + target.service().podSelector() + "; is it running?");
        }
        if (duration.toMillis() < 1000) return new ChaosObject.Unsupported("the lease leaves " + duration.toMillis() + "ms; Chaos Mesh needs at least 1s");
        Map<String, Object> spec = new LinkedHashMap<>();
        Optional<String> mode = mode(fault.scope().percent(), target.pods(), spec);
        if (mode.isPresent()) return new ChaosObject.Unsupported(mode.get());
        spec.put("selector", selector(target.service().namespace(), target.service().podSelector()));
        spec.put("duration", duration.toMillis() + "ms");
        FaultType t = fault.type();
        Scope scope = fault.scope();
        boolean http = scope.method().isPresent() || scope.pathPrefix().isPresent();
        ChaosKind kind = kind(t, http);
        switch (t) {
            case LATENCY -> {
                if (http) {
                    spec.put("target", "Request");
                    spec.put("delay", ms(level.valueOr(t, "delayMs")));
                } else {
                    spec.put("action", "delay");
                    Map<String, Object> delay = new LinkedHashMap<>();
                    delay.put("latency", ms(level.valueOr(t, "delayMs")));
                    if (level.valueOr(t, "jitterMs") > 0) delay.put("jitter", ms(level.valueOr(t, "jitterMs")));
                    spec.put("delay", delay);
                    spec.put("direction", "to");
                }
            }
            case ERROR -> {
                spec.put("target", "Response");
                spec.put("replace", Map.of("code", (int) level.valueOr(t, "status")));
            }
            case ABORT -> {
                spec.put("target", "Request");
                spec.put("abort", true);
            }
            case UNAVAILABLE -> network(spec, "loss", Map.of("loss", "100", "correlation", "100")); // a black hole: every packet dropped
            case LOSS -> network(spec, "loss", Map.of("loss", number(level.valueOr(t, "lossPercent")), "correlation", number(level.valueOr(t, "correlation"))));
            case BANDWIDTH -> network(spec, "bandwidth", Map.of("rate", Math.round(level.valueOr(t, "rateKbps")) + "kbps", "limit", 20_971_520, "buffer", 10_000));
            case PARTITION -> {
                spec.put("action", "partition");
                spec.put("direction", "both");
                spec.put("target", Map.of("mode", "all", "selector", peers(target)));
            }
            case POD_KILL -> spec.put("action", "pod-kill");
            case POD_FAILURE -> spec.put("action", "pod-failure");
            case CONTAINER_KILL -> {
                if (target.containers().isEmpty()) return new ChaosObject.Unsupported("no container names known for " + target.service().name());
                spec.put("action", "container-kill");
                spec.put("containerNames", target.containers());
            }
            case CPU_STRESS -> spec.put("stressors", Map.of("cpu", Map.of("workers", (int) level.valueOr(t, "workers"), "load", (int) level.valueOr(t, "load"))));
            case MEMORY_STRESS -> spec.put("stressors", Map.of("memory", Map.of("workers", (int) level.valueOr(t, "workers"),
                    "size", Math.round(level.valueOr(t, "sizeMb")) + "MB")));
            case RESET, SLOW_CLOSE, SLICER, KILL, PAUSE, RATE_LIMIT, OVERLOADED, SLOW_STREAM, STREAM_CUT, MALFORMED_BODY ->
                    throw new IllegalStateException("refused by check: " + t.id());
        }
        if (kind == ChaosKind.HTTP) {
            if (target.service().port().isEmpty()) {
                return new ChaosObject.Unsupported("the HTTP port of " + target.service().name() + " is not known (its Service names a targetPort); "
                        + "set the injector option port." + target.service().name());
            }
            spec.put("port", target.service().port().get());
            scope.method().ifPresent(m -> spec.put("method", m));
            scope.pathPrefix().ifPresent(p -> spec.put("path", p.endsWith("*") ? p : p + "*"));
        }
        return new ChaosObject.Mapped(kind, target.service().namespace(), spec);
    }

    /** The kind a fault type becomes; latency is an HTTPChaos when scoped to a method or path. */
    public static ChaosKind kind(FaultType type, boolean http) {
        return switch (type) {
            case LATENCY -> http ? ChaosKind.HTTP : ChaosKind.NETWORK;
            case ERROR, ABORT -> ChaosKind.HTTP;
            case UNAVAILABLE, LOSS, BANDWIDTH, PARTITION, RESET, SLOW_CLOSE, SLICER -> ChaosKind.NETWORK;
            case POD_KILL, POD_FAILURE, CONTAINER_KILL, KILL, PAUSE -> ChaosKind.POD;
            case CPU_STRESS, MEMORY_STRESS -> ChaosKind.STRESS;
            case RATE_LIMIT, OVERLOADED, SLOW_STREAM, STREAM_CUT, MALFORMED_BODY -> ChaosKind.HTTP; // refused by check: no HTTPChaos equivalent
        };
    }

    private static Optional<String> checkLevel(FaultType t, Magnitude level, boolean http) {
        return switch (t) {
            case LATENCY -> http && level.valueOr(t, "jitterMs") > 0
                    ? Optional.of("HTTPChaos delays have no jitter; drop jitterMs or the method/path scope (NetworkChaos has jitter)") : Optional.empty();
            case ERROR -> {
                double status = level.valueOr(t, "status");
                yield status >= 100 && status <= 599 && status == Math.rint(status) ? Optional.empty()
                        : Optional.of("status " + status + " is not an HTTP status code (100-599)");
            }
            case LOSS -> {
                double p = level.valueOr(t, "lossPercent");
                yield p > 0 && p <= 100 ? Optional.empty() : Optional.of("lossPercent must be in (0, 100], was " + p);
            }
            case BANDWIDTH -> level.valueOr(t, "rateKbps") >= 1 ? Optional.empty() : Optional.of("rateKbps must be at least 1 for Chaos Mesh");
            case CPU_STRESS -> {
                double w = level.valueOr(t, "workers");
                double load = level.valueOr(t, "load");
                yield w >= 1 && w <= 8192 && w == Math.rint(w) && load >= 0 && load <= 100 && load == Math.rint(load) ? Optional.empty()
                        : Optional.of("cpu-stress takes whole workers in [1, 8192] and a whole load in [0, 100]");
            }
            case MEMORY_STRESS -> {
                double w = level.valueOr(t, "workers");
                yield w >= 1 && w <= 8192 && w == Math.rint(w) && level.valueOr(t, "sizeMb") >= 1 ? Optional.empty()
                        : Optional.of("memory-stress takes whole workers in [1, 8192] and sizeMb of at least 1");
            }
            default -> Optional.empty();
        };
    }

    private static Optional<String> mode(double percent, int pods, Map<String, Object> spec) {
        if (percent >= 100) {
            spec.put("mode", "all");
            return Optional.empty();
        }
        int selected = (int) Math.floor(pods * percent / 100.0); // Chaos Mesh's fixed-percent rounds down
        if (selected == 0) {
            return Optional.of("scope " + (int) percent + "% of " + pods + " pod(s) selects no pod (Chaos Mesh rounds down); use at least "
                    + (int) Math.ceil(100.0 / pods) + "%");
        }
        if (selected == 1) {
            spec.put("mode", "one");
        } else {
            spec.put("mode", "fixed-percent");
            spec.put("value", String.valueOf((int) percent));
        }
        return Optional.empty();
    }

    static Map<String, Object> selector(String namespace, Map<String, String> labels) {
        return Map.of("namespaces", List.of(namespace), "labelSelectors", new TreeMap<>(labels));
    }

    /**
     * The other side of a partition: the target's namespace without the target and without any excluded service.
     * One label of each is negated, which can leave out more pods than needed but never fewer.
     */
    private static Map<String, Object> peers(Target target) {
        Map<String, TreeSet<String>> notIn = new TreeMap<>();
        List<ServiceRef> out = new ArrayList<>(target.excludedNeighbours());
        out.add(target.service());
        for (ServiceRef r : out) {
            Map.Entry<String, String> label = new TreeMap<>(r.podSelector()).firstEntry();
            if (label != null) notIn.computeIfAbsent(label.getKey(), k -> new TreeSet<>()).add(label.getValue());
        }
        List<Map<String, Object>> expressions = new ArrayList<>();
        notIn.forEach((k, v) -> expressions.add(Map.of("key", k, "operator", "NotIn", "values", List.copyOf(v))));
        return Map.of("namespaces", List.of(target.service().namespace()), "expressionSelectors", expressions);
    }

    private static void network(Map<String, Object> spec, String action, Map<String, Object> params) {
        spec.put("action", action);
        spec.put(action, new TreeMap<>(params));
        spec.put("direction", "to");
    }

    private static String ms(double millis) {
        return number(millis) + "ms";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
