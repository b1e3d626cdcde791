package dev.assay.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.assay.format.SystemSetup.JourneyEntry;
import dev.assay.format.SystemSetup.ServiceAddress;
import dev.assay.model.InvalidInputException;
import dev.assay.model.SystemConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * What {@code assay init} writes for an existing system: {@code proxies.json} (one HTTP-mode fault proxy per
 * service, on a free loopback port, named after the service) and {@code assay.yaml} (the proxies' own metrics
 * as telemetry, the journeys, an errors SLI per journey and per service, p50 and p99 latency SLIs per service (from
 * its proxy's histogram), an SLO per journey, safety defaults
 * and the proxy injector), and per service the address its callers must use instead of the service's own.
 *
 * <p>Re-running keeps what users rely on: a service already in {@code proxies.json} keeps its listen address
 * (its callers were re-pointed at it) and any proxy the user added stays. {@code assay.yaml} is regenerated
 * only while it is as {@code init} wrote it (a digest in its header says so); once edited, it is kept as it
 * is when it already has everything this run would add, and otherwise {@code init} refuses, naming what is
 * missing, rather than lose the edits.
 */
public final class SystemInit {
    static final String DIGEST = "# assay-init-digest: ";
    /** The latency percentiles declared per service ({@code <service>.latency.p50}, {@code .p99}: what outcomes record). */
    public static final List<String> LATENCIES = List.of("p50", "p99");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The address a service's callers must use instead of the service's own. */
    public record Redirect(String service, String serviceAddress, String proxyAddress, boolean kept) {
    }

    /** The files' new contents ({@code systemYaml} empty = leave the file as it is) and what changed. */
    public record Result(Optional<String> systemYaml, String proxiesJson, List<Redirect> redirects, List<String> notes) {
        public Result {
            redirects = List.copyOf(redirects);
            notes = List.copyOf(notes);
        }
    }

    /** What the generated files depend on beside the services: the proxy's admin address and the proxies file's name. */
    public record Settings(String apiListen, String proxiesFile) {
    }

    private SystemInit() {
    }

    /**
     * The files for {@code setup}, given what is on disk now ({@code existingYaml}, {@code existingProxies}).
     * {@code freePort} gives a port nothing listens on; it is asked once per new proxy.
     *
     * @throws InvalidInputException when an edited {@code assay.yaml} lacks what this run needs, or the input is inconsistent
     */
    public static Result create(SystemSetup setup, Settings settings, Optional<String> existingYaml, Optional<String> existingProxies,
                                IntSupplier freePort) {
        check(setup);
        List<String> notes = new ArrayList<>();
        Map<String, JsonNode> proxies = existingProxies.map(SystemInit::proxies).orElseGet(LinkedHashMap::new);
        Set<String> usedPorts = new HashSet<>();
        setup.services().forEach(s -> usedPorts.add(String.valueOf(s.port())));
        proxies.values().forEach(p -> usedPorts.add(port(p.path("listen").asText())));
        usedPorts.add(port(settings.apiListen()));
        List<Redirect> redirects = new ArrayList<>();
        for (ServiceAddress s : setup.services()) {
            JsonNode old = proxies.get(s.name());
            String listen;
            boolean kept = old != null;
            if (kept) {
                listen = old.path("listen").asText();
                if (!old.path("upstream").asText().equals(s.address())) {
                    notes.add("proxy " + s.name() + ": upstream changed from " + old.path("upstream").asText() + " to " + s.address());
                }
            } else {
                String p;
                do {
                    p = String.valueOf(freePort.getAsInt());
                } while (!usedPorts.add(p));
                listen = "127.0.0.1:" + p;
            }
            proxies.put(s.name(), JSON.createObjectNode().put("name", s.name()).put("listen", listen).put("upstream", s.address())
                    .put("enabled", old == null || old.path("enabled").asBoolean(true)).put("mode", "http"));
            redirects.add(new Redirect(s.name(), s.address(), listen, kept));
        }
        Set<String> named = new HashSet<>();
        setup.services().forEach(s -> named.add(s.name()));
        proxies.keySet().stream().filter(n -> !named.contains(n)).forEach(n -> notes.add("proxy " + n + ": kept (not in this run's services)"));
        ArrayNode array = JSON.createArrayNode();
        proxies.values().forEach(array::add);
        String proxiesJson = array.toPrettyString() + "\n";
        String yaml = systemYaml(setup, settings);
        Optional<String> systemYaml = Optional.of(yaml);
        if (existingYaml.isPresent() && !untouched(existingYaml.get())) {
            List<String> missing = missing(existingYaml.get(), setup);
            if (!missing.isEmpty()) {
                throw new InvalidInputException("assay.yaml was edited since assay init wrote it, and this run would have to add "
                        + String.join(", ", missing) + "; init does not rewrite a file you edited. Add them by hand (the generated "
                        + "form is in docs/system.md), or move assay.yaml aside and run assay init again");
            }
            systemYaml = Optional.empty();
            notes.add("assay.yaml: kept as you edited it (it already has every service and journey)");
            List<String> latency = missingLatency(existingYaml.get(), setup);
            if (!latency.isEmpty()) {
                notes.add("assay.yaml: declares no " + String.join(", ", latency) + " (kept as edited): outcomes measure no latency there, so no finding "
                        + "on an edge into those services can say why; add {name: <service>.latency.p99, proxy: <service>, kind: value, latency: p99} "
                        + "and the p50 alike (docs/system.md)");
            }
        }
        return new Result(systemYaml, proxiesJson, redirects, notes);
    }

    private static void check(SystemSetup setup) {
        if (setup.services().isEmpty()) throw new InvalidInputException("assay init needs at least one service: --service NAME=HOST:PORT or --from FILE");
        Set<String> names = new HashSet<>();
        for (ServiceAddress s : setup.services()) {
            if (!s.name().matches("[A-Za-z0-9_.\\-]+")) {
                throw new InvalidInputException("service '" + s.name() + "': a name may only contain letters, digits, '_', '.' and '-' (it names its proxy)");
            }
            if (!names.add(s.name())) throw new InvalidInputException("service '" + s.name() + "' is given twice");
        }
        for (JourneyEntry j : setup.journeys()) {
            if (!names.contains(j.service())) {
                throw new InvalidInputException("--journey " + j.name() + ": unknown service '" + j.service() + "'" + Suggestions.didYouMean(j.service(), names)
                        + "; a journey enters at one of: " + String.join(", ", names));
            }
        }
    }

    /** The journeys to write: the given ones, else one per service that no other service depends on (when dependencies are known). */
    static List<JourneyEntry> journeys(SystemSetup setup) {
        if (!setup.journeys().isEmpty()) return setup.journeys();
        Set<String> called = new HashSet<>();
        setup.services().forEach(s -> called.addAll(s.dependsOn()));
        if (called.isEmpty()) return List.of();
        return setup.services().stream().filter(s -> !called.contains(s.name()))
                .map(s -> new JourneyEntry(s.name(), s.name(), Optional.empty())).toList();
    }

    static String systemYaml(SystemSetup setup, Settings settings) {
        List<JourneyEntry> journeys = journeys(setup);
        StringBuilder b = new StringBuilder();
        b.append("apiVersion: assay/v1\nkind: System\nmetadata:\n  name: ").append(quote(setup.name())).append('\n');
        b.append("spec:\n");
        b.append("  # The fault proxies' own metrics (proxies.json): the traffic each one saw, its callers, its errors.\n");
        b.append("  telemetry:\n    - kind: proxy\n      url: http://").append(settings.apiListen()).append("/metrics\n");
        if (journeys.isEmpty()) {
            b.append("  # No journeys yet: add one per user flow, e.g. {name: checkout, entry: frontend, route: \"POST /checkout\"}\n");
            b.append("  # (or run assay init again with --journey NAME=SERVICE[:METHOD ROUTE]).\n  journeys: []\n");
        } else {
            b.append("  # User flows: where each enters the system. The services it uses come from the discovered graph.\n  journeys:\n");
            for (JourneyEntry j : journeys) {
                b.append("    - {name: ").append(quote(j.name())).append(", entry: ").append(quote(j.service()));
                j.route().ifPresent(r -> b.append(", route: ").append(quote(r)));
                b.append("}\n");
            }
        }
        b.append("  # Errors as the proxy in front of each journey's entry service, and of each service, counts them.\n  slis:\n");
        Set<String> sliNames = new HashSet<>();
        for (JourneyEntry j : journeys) {
            if (sliNames.add(j.name() + ".errors.rate")) {
                b.append("    - {name: ").append(quote(j.name() + ".errors.rate")).append(", proxy: ").append(quote(j.service())).append("}\n");
            }
        }
        for (ServiceAddress s : setup.services()) {
            if (sliNames.add(s.name() + ".errors.rate")) {
                b.append("    - {name: ").append(quote(s.name() + ".errors.rate")).append(", proxy: ").append(quote(s.name())).append("}\n");
            }
        }
        b.append("  # Latency (ms) from each service's proxy histogram: with the errors, what outcomes measure and mechanisms are learned from.\n");
        for (ServiceAddress s : setup.services()) {
            for (String p : LATENCIES) {
                if (sliNames.add(s.name() + ".latency." + p)) {
                    b.append("    - {name: ").append(quote(s.name() + ".latency." + p)).append(", proxy: ").append(quote(s.name()))
                            .append(", kind: value, latency: ").append(p).append("}\n");
                }
            }
        }
        if (journeys.isEmpty()) {
            b.append("  slos: []\n");
        } else {
            b.append("  # One availability objective per journey: the error budget experiments spend from.\n  slos:\n");
            for (JourneyEntry j : journeys) {
                b.append("    - {name: ").append(quote(j.name() + "-availability")).append(", sli: ").append(quote(j.name() + ".errors.rate"))
                        .append(", objective: 99%, window: 7d}\n");
            }
        }
        b.append("  # How faults get in: the fault proxy's admin API; assay proxy --system assay.yaml starts it with these proxies.\n");
        b.append("  injectors:\n    - type: proxy\n      url: http://").append(settings.apiListen()).append('\n');
        b.append("      options: {proxies: ").append(quote(settings.proxiesFile())).append("}\n");
        b.append("  # Defaults for every intent's safety (an intent may tighten them).\n");
        b.append("  safety:\n    budgetFraction: 0.05\n    minSteadyState: 30s\n    maxDuration: 5m\n");
        String body = b.toString();
        return "# Written by assay init (docs/system.md). Edit freely: assay init keeps an edited file as it is, and refuses\n"
                + "# to run when it would have to change it.\n" + DIGEST + digest(body) + "\n" + body;
    }

    /** True when the file is exactly as {@code init} wrote it (its digest matches its body). */
    static boolean untouched(String yaml) {
        int at = yaml.indexOf(DIGEST);
        if (at < 0) return false;
        int end = yaml.indexOf('\n', at);
        if (end < 0) return false;
        String recorded = yaml.substring(at + DIGEST.length(), end).strip();
        return recorded.equals(digest(yaml.substring(end + 1)));
    }

    /** What an edited file lacks that this run would write: SLIs of new services, new journeys, the proxy source and injector. */
    static List<String> missing(String yaml, SystemSetup setup) {
        Problems problems = Problems.in("assay.yaml");
        Optional<SystemConfig> sys = SystemFormat.parse(yaml, problems);
        if (sys.isEmpty()) {
            throw new InvalidInputException("assay.yaml was edited since assay init wrote it and no longer reads as a system file ("
                    + problems.list().get(0).render() + "); fix it, or move it aside and run assay init again");
        }
        SystemConfig s = sys.get();
        List<String> out = new ArrayList<>();
        if (s.source(dev.assay.model.TelemetrySourceConfig.Kind.PROXY).isEmpty()) out.add("the proxy telemetry source");
        if (s.injectors().stream().noneMatch(i -> i.type().equals("proxy"))) out.add("the proxy injector");
        for (JourneyEntry j : journeys(setup)) {
            if (s.journeys().stream().noneMatch(x -> x.name().equals(j.name()))) out.add("journey '" + j.name() + "'");
        }
        for (ServiceAddress a : setup.services()) {
            if (s.sli(a.name() + ".errors.rate").isEmpty()) out.add("SLI '" + a.name() + ".errors.rate'");
        }
        return out;
    }

    /** The latency SLIs this run would declare that an edited file lacks (not required: findings then say what, not why). */
    static List<String> missingLatency(String yaml, SystemSetup setup) {
        Optional<SystemConfig> sys = SystemFormat.parse(yaml, Problems.in("assay.yaml"));
        if (sys.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        for (ServiceAddress a : setup.services()) {
            for (String p : LATENCIES) {
                if (sys.get().sli(a.name() + ".latency." + p).isEmpty()) out.add("'" + a.name() + ".latency." + p + "'");
            }
        }
        return out;
    }

    private static Map<String, JsonNode> proxies(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new InvalidInputException("proxies.json: not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + "); fix it or move it aside");
        }
        if (root != null && root.isObject() && root.has("proxies")) root = root.get("proxies");
        if (root == null || !root.isArray()) throw new InvalidInputException("proxies.json: expected a JSON array of proxies; fix it or move it aside");
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode p : root) {
            if (!p.path("name").isTextual()) throw new InvalidInputException("proxies.json: a proxy without a name; fix it or move it aside");
            out.put(p.get("name").asText(), p);
        }
        return out;
    }

    private static String port(String hostPort) {
        return hostPort.substring(hostPort.lastIndexOf(':') + 1);
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_.\\-]+") && !s.matches("(?i)true|false|null|yes|no|on|off|[0-9.]+") ? s
                : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String digest(String body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
