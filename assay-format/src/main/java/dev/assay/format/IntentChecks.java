package dev.assay.format;

import dev.assay.model.Mechanism;
import dev.assay.model.Service;
import dev.assay.model.SliDefinition;
import dev.assay.model.SystemConfig;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks an intent's names against its own safety limits and, when given, the system's topology: the fault
 * target and the exclusion zones, the blast radius and the mechanism's edge must exist; the target must
 * not be inside the intent's own exclusion zones. Reads the tree quietly: type errors are the parser's.
 */
final class IntentChecks {
    private final Problems problems;
    private final Optional<Topology> topology;
    private final Optional<SystemConfig> system;

    IntentChecks(Problems problems, Optional<Topology> topology, Optional<SystemConfig> system) {
        this.problems = problems;
        this.topology = topology;
        this.system = system;
    }

    void check(Fields spec) {
        Node.MapNode s = spec.node();
        Optional<Node> target = child(s, "fault", "target");
        List<Node> zones = items(child(s, "safety", "exclusionZones"));
        target.flatMap(IntentChecks::text).ifPresent(t -> {
            for (Node z : zones) {
                if (text(z).filter(t::equals).isPresent()) {
                    problems.add(target.get(), "spec.fault.target", "the fault target '" + t + "' is inside this intent's own exclusion zones"
                            + " (spec.safety.exclusionZones at " + z.position() + "); target another service or remove it from the zones");
                }
            }
        });
        system.ifPresent(sys -> checkAgainst(sys, s, target));
        if (topology.isEmpty()) return;
        Topology t = topology.get();
        List<String> services = t.services().stream().map(Service::name).toList();
        target.ifPresent(n -> service(n, "spec.fault.target", services, t));
        for (int i = 0; i < zones.size(); i++) service(zones.get(i), "spec.safety.exclusionZones[" + i + "]", services, t);
        List<Node> blast = items(child(s, "blastRadius", "expected"));
        for (int i = 0; i < blast.size(); i++) service(blast.get(i), "spec.blastRadius.expected[" + i + "]", services, t);
        child(s, "targetBehavior").ifPresent(n -> text(n).ifPresent(name -> {
            if (t.journey(name).isEmpty() && t.service(name).isEmpty()) {
                List<String> known = Stream.concat(t.journeys().stream().map(j -> j.name()), services.stream()).distinct().toList();
                problems.add(n, "spec.targetBehavior", "'" + name + "' is neither a journey nor a service of topology '" + t.name() + "'"
                        + Suggestions.didYouMean(name, known) + "; journeys: " + String.join(", ", t.journeys().stream().map(j -> j.name()).toList()));
            }
        }));
        child(s, "mechanism").ifPresent(n -> text(n).flatMap(Mechanism::parse).ifPresent(m -> {
            boolean known = t.service(m.from()).isPresent() && t.service(m.to()).isPresent();
            if (!known) {
                String missing = t.service(m.from()).isEmpty() ? m.from() : m.to();
                problems.add(n, "spec.mechanism", "unknown service '" + missing + "' in mechanism " + m + " (topology '" + t.name() + "')"
                        + Suggestions.didYouMean(missing, services));
            } else if (t.edge(m.from(), m.to()).isEmpty()) {
                List<String> edges = t.callees(m.from()).stream().map(e -> e.key()).toList();
                problems.add(n, "spec.mechanism", "topology '" + t.name() + "' has no edge " + m.from() + "->" + m.to()
                        + "; a mechanism sits on a caller->callee edge" + (edges.isEmpty() ? "" : ", e.g. one of: " + String.join(", ", edges)));
            }
        }));
    }

    /**
     * Against the system configuration: every SLI named in {@code expect} and {@code abortWhen} is one the
     * system defines (otherwise it reads as UNKNOWN and the experiment cannot run), the fault target is not
     * in the system's exclusion zones, a {@code targetBehavior} that names a declared journey is spelled right.
     */
    private void checkAgainst(SystemConfig sys, Node.MapNode s, Optional<Node> target) {
        List<String> slis = sys.slis().stream().map(SliDefinition::name).toList();
        List<Node> criteria = new ArrayList<>(items(child(s, "expect")));
        int expects = criteria.size();
        criteria.addAll(items(child(s, "safety", "abortWhen")));
        for (int i = 0; i < criteria.size(); i++) {
            String field = i < expects ? "spec.expect[" + i + "].sli" : "spec.safety.abortWhen[" + (i - expects) + "].sli";
            if (!(criteria.get(i) instanceof Node.MapNode m)) continue;
            m.get("sli").ifPresent(n -> text(n).filter(name -> !slis.contains(name)).ifPresent(name -> problems.add(n, field,
                    "SLI '" + name + "' is not defined in system '" + sys.name() + "'" + Suggestions.didYouMean(name, slis)
                            + "; define it under spec.slis of the system file" + (slis.isEmpty() ? "" : " (it defines: " + String.join(", ", slis) + ")"))));
        }
        target.flatMap(IntentChecks::text).filter(sys.defaultSafety().exclusionZones()::contains).ifPresent(t -> problems.add(target.get(),
                "spec.fault.target", "the fault target '" + t + "' is in the exclusion zones of system '" + sys.name()
                        + "' (spec.safety.exclusionZones); no command will inject into it. Target another service"));
    }

    private void service(Node n, String field, List<String> services, Topology t) {
        text(n).filter(name -> !services.contains(name)).ifPresent(name -> problems.add(n, field,
                "unknown service '" + name + "' in topology '" + t.name() + "'" + Suggestions.didYouMean(name, services)
                        + "; its services are: " + String.join(", ", services)));
    }

    private static Optional<Node> child(Node.MapNode m, String... keys) {
        Node at = m;
        for (String k : keys) {
            if (!(at instanceof Node.MapNode map)) return Optional.empty();
            Optional<Node> next = map.get(k);
            if (next.isEmpty()) return Optional.empty();
            at = next.get();
        }
        return Optional.of(at);
    }

    private static List<Node> items(Optional<Node> n) {
        return n.filter(Node.ListNode.class::isInstance).map(l -> ((Node.ListNode) l).items()).orElse(new ArrayList<>());
    }

    private static Optional<String> text(Node n) {
        return n instanceof Node.ScalarNode s && s.kind() != Node.ScalarKind.NULL && !s.text().isBlank()
                ? Optional.of(s.text().strip()) : Optional.empty();
    }
}
