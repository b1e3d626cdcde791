package dev.assay.format;

import dev.assay.model.Expectation;
import dev.assay.model.Fault;
import dev.assay.model.Intent;
import dev.assay.model.Magnitude;
import dev.assay.model.Problem;
import dev.assay.model.Quantity;
import dev.assay.model.Safety;
import dev.assay.model.Scope;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One Chaos Toolkit experiment to one intent; see {@link CtkImport}. */
final class CtkImporter {
    private static final Set<String> IGNORED_TOP_LEVEL = Set.of("tags", "secrets", "controls", "extensions", "contributions", "runtime");
    private static final Set<String> KNOWN_TOP_LEVEL = Set.of("version", "title", "description", "configuration",
            "steady-state-hypothesis", "method", "rollbacks");
    static final Quantity DEFAULT_ERROR_RATE = Quantity.ratio(0.01);

    private final Problems problems;
    private final Optional<String> requestedTarget;
    private final List<Problem> warnings = new ArrayList<>();
    private final Map<String, String> configuration = new LinkedHashMap<>();

    CtkImporter(Problems problems, Optional<String> requestedTarget) {
        this.problems = problems;
        this.requestedTarget = requestedTarget;
    }

    CtkImport.Result importExperiment(Node doc) {
        if (!(doc instanceof Node.MapNode root)) {
            problems.add(doc, "", "expected a Chaos Toolkit experiment (a mapping with title, steady-state-hypothesis, method), got " + doc.describe());
            problems.throwIfAny();
            throw new IllegalStateException("unreachable");
        }
        for (Node.Entry e : root.entries().values()) {
            if (IGNORED_TOP_LEVEL.contains(e.key())) {
                warn(e.keyPosition(), e.key(), "not imported: Assay has no equivalent of the experiment's " + e.key());
            } else if (!KNOWN_TOP_LEVEL.contains(e.key())) {
                warn(e.keyPosition(), e.key(), "unknown experiment field, not imported");
            }
        }
        root.get("configuration").ifPresent(this::configuration);
        String title = text(root.get("title")).orElse("imported chaos toolkit experiment");
        Optional<String> description = text(root.get("description"));

        Optional<CtkFaults.Mapped> fault = root.get("method").flatMap(m -> new CtkFaults(this).method(m));
        if (fault.isEmpty()) {
            Position at = root.entry("method").map(Node.Entry::keyPosition).orElse(root.position());
            problems.add(at, "method", "no action in the method maps to an Assay fault; recognised: "
                    + String.join(", ", CtkFaults.recognised()) + ". Write the intent by hand (see examples/intents)");
            problems.throwIfAny();
        }
        Optional<Node.MapNode> steady = root.get("steady-state-hypothesis").filter(Node.MapNode.class::isInstance).map(Node.MapNode.class::cast);
        List<Node> probes = steady.flatMap(s -> s.get("probes")).filter(Node.ListNode.class::isInstance)
                .map(l -> ((Node.ListNode) l).items()).orElse(List.of());
        String target = targetBehavior(probes, fault.get().fault().target(), root.position());
        List<Expectation> expect = expectations(probes, target, root);
        root.get("rollbacks").ifPresent(this::rollbacks);

        StringBuilder hypothesis = new StringBuilder(title.strip());
        if (!hypothesis.toString().endsWith(".")) hypothesis.append('.');
        description.ifPresent(d -> hypothesis.append(' ').append(d.strip()));
        steady.flatMap(s -> text(s.get("title"))).ifPresent(t -> hypothesis.append(" Steady state: ").append(t.strip())
                .append(", while ").append(fault.get().fault().type().id()).append(" is injected into ").append(fault.get().fault().target()).append('.'));
        Intent intent = new Intent(slug(title), Optional.empty(), target, hypothesis.toString(), fault.get().fault(), expect,
                Optional.empty(), Optional.empty(), Safety.DEFAULTS);
        // What we hand back must be a valid intent file: print it and read it back.
        Intent checked = IntentFormat.parseOne(problems.file() + " (imported)", IntentFormat.print(intent), Optional.empty());
        warnings.sort(java.util.Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
        return new CtkImport.Result(checked, warnings);
    }

    void warn(Position at, String field, String message) {
        warnings.add(new Problem(problems.file(), at.line(), at.column(), field, message));
    }

    Problems problems() {
        return problems;
    }

    /** A scalar's text with {@code ${name}} replaced from the experiment's literal configuration. */
    Optional<String> resolve(Node n) {
        return text(Optional.of(n)).map(s -> {
            String out = s;
            for (Map.Entry<String, String> c : configuration.entrySet()) out = out.replace("${" + c.getKey() + "}", c.getValue());
            return out;
        });
    }

    private void configuration(Node n) {
        if (!(n instanceof Node.MapNode m)) return;
        for (Node.Entry e : m.entries().values()) {
            if (e.value() instanceof Node.ScalarNode s && s.kind() != Node.ScalarKind.NULL) {
                configuration.put(e.key(), s.text());
            } else {
                warn(e.keyPosition(), "configuration." + e.key(), "not resolved (only literal configuration values are substituted into ${"
                        + e.key() + "}); set the value in the imported intent by hand");
            }
        }
    }

    private String targetBehavior(List<Node> probes, String faultTarget, Position at) {
        if (requestedTarget.isPresent()) return requestedTarget.get();
        for (Node p : probes) {
            Optional<String> host = child(p, "provider", "url").flatMap(this::resolve).flatMap(CtkImporter::host);
            if (host.isPresent()) {
                warn(p.position(), "steady-state-hypothesis.probes", "targetBehavior set to '" + host.get()
                        + "', the host the steady-state probe calls; pass --target-behavior to name a journey instead");
                return host.get();
            }
        }
        warn(at, "", "targetBehavior set to the fault target '" + faultTarget + "' (no probe names a service); pass --target-behavior to name a journey");
        return faultTarget;
    }

    private List<Expectation> expectations(List<Node> probes, String target, Node.MapNode root) {
        Set<Expectation> out = new LinkedHashSet<>();
        for (int i = 0; i < probes.size(); i++) {
            Node p = probes.get(i);
            String field = "steady-state-hypothesis.probes[" + i + "]";
            String name = child(p, "name").flatMap(n -> text(Optional.of(n))).orElse("probe " + i);
            Optional<String> providerType = child(p, "provider", "type").flatMap(n -> text(Optional.of(n)));
            if (providerType.filter("http"::equals).isEmpty()) {
                warn(p.position(), field, "probe '" + name + "' (" + providerType.orElse("no provider") + ", tolerance "
                        + child(p, "tolerance").map(CtkImporter::show).orElse("none") + ") has no SLI equivalent; not imported."
                        + " Add an expect entry for what it measures");
                continue;
            }
            Optional<Node> tolerance = child(p, "tolerance");
            if (tolerance.isPresent() && statusTolerance(tolerance.get())) {
                out.add(new Expectation(target + ".errors.rate", Expectation.Comparison.BELOW, DEFAULT_ERROR_RATE));
                warn(tolerance.get().position(), field + ".tolerance", "status tolerance " + show(tolerance.get()) + " of probe '" + name
                        + "' imported as " + target + ".errors.rate below " + DEFAULT_ERROR_RATE + " (a rate over all requests instead of one request's status); adjust to your SLO");
            } else {
                warn(tolerance.map(Node::position).orElse(p.position()), field + ".tolerance", "tolerance "
                        + tolerance.map(CtkImporter::show).orElse("(none)") + " of probe '" + name + "' is not a status check; not imported");
            }
            child(p, "provider", "timeout").ifPresent(t -> {
                Optional<Double> seconds = t instanceof Node.ListNode l && !l.items().isEmpty()
                        ? resolve(l.items().get(l.items().size() - 1)).flatMap(CtkImporter::number)
                        : resolve(t).flatMap(CtkImporter::number);
                seconds.filter(s -> s > 0).ifPresent(s -> {
                    out.add(new Expectation(target + ".latency.p99", Expectation.Comparison.BELOW, Quantity.millis(s * 1000)));
                    warn(t.position(), field + ".provider.timeout", "the probe's " + Quantity.number(s) + "s timeout imported as "
                            + target + ".latency.p99 below " + durationText(s));
                });
            });
        }
        if (out.isEmpty()) {
            Expectation placeholder = new Expectation(target + ".errors.rate", Expectation.Comparison.BELOW, DEFAULT_ERROR_RATE);
            warn(root.entry("steady-state-hypothesis").map(Node.Entry::keyPosition).orElse(root.position()), "steady-state-hypothesis",
                    "no probe maps to an SLI; added the placeholder expectation " + placeholder.sli() + " below " + DEFAULT_ERROR_RATE + ": replace it with what must hold");
            out.add(placeholder);
        }
        return List.copyOf(out);
    }

    private void rollbacks(Node n) {
        if (!(n instanceof Node.ListNode l)) return;
        for (int i = 0; i < l.items().size(); i++) {
            Node r = l.items().get(i);
            String name = child(r, "name").flatMap(x -> text(Optional.of(x))).orElse("rollback " + i);
            String func = child(r, "provider", "func").flatMap(x -> text(Optional.of(x))).orElse("?");
            boolean toxiproxy = child(r, "provider", "module").flatMap(x -> text(Optional.of(x)))
                    .filter(m -> m.startsWith("chaostoxi.")).isPresent();
            warn(r.position(), "rollbacks[" + i + "]", toxiproxy
                    ? "rollback '" + name + "' (" + func + ") is implicit: Assay removes every fault it injects (rollback always runs, and each fault has a lease)"
                    : "rollback '" + name + "' (" + func + ") is not run by Assay: it only undoes its own faults; keep this step in your own tooling");
        }
    }

    private static boolean statusTolerance(Node t) {
        if (t instanceof Node.ScalarNode s) return number(s.text()).filter(CtkImporter::isStatus).isPresent();
        if (t instanceof Node.ListNode l) {
            return !l.items().isEmpty() && l.items().stream().allMatch(i -> i instanceof Node.ScalarNode s && number(s.text()).filter(CtkImporter::isStatus).isPresent());
        }
        if (t instanceof Node.MapNode m) {
            boolean range = m.get("type").flatMap(x -> text(Optional.of(x))).filter("range"::equals).isPresent();
            boolean status = m.get("target").flatMap(x -> text(Optional.of(x))).map(x -> x.equals("status")).orElse(true);
            return range && status && m.get("range").filter(Node.ListNode.class::isInstance)
                    .map(r -> ((Node.ListNode) r).items().stream().allMatch(i -> i instanceof Node.ScalarNode s && number(s.text()).filter(CtkImporter::isStatus).isPresent()))
                    .orElse(false);
        }
        return false;
    }

    private static boolean isStatus(double v) {
        return v >= 100 && v <= 599 && v == Math.rint(v);
    }

    static Optional<Node> child(Node n, String... keys) {
        Node at = n;
        for (String k : keys) {
            if (!(at instanceof Node.MapNode m)) return Optional.empty();
            Optional<Node> next = m.get(k);
            if (next.isEmpty()) return Optional.empty();
            at = next.get();
        }
        return Optional.of(at);
    }

    static Optional<String> text(Optional<Node> n) {
        return n.filter(x -> x instanceof Node.ScalarNode s && s.kind() != Node.ScalarKind.NULL).map(x -> ((Node.ScalarNode) x).text());
    }

    static Optional<Double> number(String s) {
        try {
            double v = new java.math.BigDecimal(s.strip()).doubleValue();
            return Double.isFinite(v) ? Optional.of(v) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String show(Node n) {
        return switch (n) {
            case Node.ScalarNode s -> s.text();
            case Node.ListNode l -> "[" + String.join(", ", l.items().stream().map(CtkImporter::show).toList()) + "]";
            case Node.MapNode m -> "{" + String.join(", ", m.entries().values().stream().map(e -> e.key() + ": " + show(e.value())).toList()) + "}";
        };
    }

    private static String durationText(double seconds) {
        return dev.assay.model.Quantities.format(Quantity.millis(seconds * 1000).duration());
    }

    private static Optional<String> host(String url) {
        try {
            String h = URI.create(url.strip()).getHost();
            if (h == null || h.equals("localhost") || h.matches("[0-9.]+|\\[.*]|.*:.*")) return Optional.empty();
            return Optional.of(h.contains(".") ? h.substring(0, h.indexOf('.')) : h);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 60) s = s.substring(0, 60).replaceAll("-+$", "");
        return s.isEmpty() ? "imported-experiment" : s;
    }

    static Scope scope(double toxicity) {
        return toxicity >= 1 ? Scope.ALL : Scope.percent(java.math.BigDecimal.valueOf(toxicity).movePointRight(2).doubleValue());
    }

    static Fault fault(dev.assay.model.FaultType type, String target, Map<String, Double> magnitude, Scope scope) {
        return new Fault(type, target, List.of(new Magnitude(magnitude)), scope);
    }
}
