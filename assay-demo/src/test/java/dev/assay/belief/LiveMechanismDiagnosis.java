package dev.assay.belief;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.demo.PlantedTruth;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Mechanism;
import dev.assay.model.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A development tool, not a test: replays a live demo journal's mechanism snapshot (the {@code mechanisms} member of
 * the last {@code beliefs} row, saved to a file) on the planted topology and prints, per outcome, each fragile edge's
 * caller reading next to what the planted mechanism predicts, the planted mechanism's log-likelihood against the most
 * likely one, and the edges' posteriors after it. {@code java -cp ... dev.assay.belief.LiveMechanismDiagnosis snapshot.json}.
 */
public final class LiveMechanismDiagnosis {
    static final List<String[]> FRAGILE = List.of(new String[] {"checkout", "inventory"}, new String[] {"checkout", "payment"},
            new String[] {"cart", "cart-db"});

    public static void main(String[] args) throws Exception {
        JsonNode root = new ObjectMapper().readTree(Files.readString(Path.of(args[0])));
        JsonNode node = root.has("mechanisms") ? root.get("mechanisms") : root;
        PlantedTruth truth = PlantedTruth.load();
        SystemGraph g = SystemGraph.of(truth.topology());
        Map<String, Set<Mechanism.Kind>> declared = new LinkedHashMap<>();
        node.path("declared").properties().forEach(e -> {
            Set<Mechanism.Kind> kinds = EnumSet.noneOf(Mechanism.Kind.class);
            e.getValue().forEach(k -> kinds.add(Mechanism.Kind.valueOf(k.asText())));
            declared.put(e.getKey(), kinds);
        });
        Map<String, EdgeEvidence> evidence = new LinkedHashMap<>();
        node.path("evidence").properties().forEach(e -> evidence.put(e.getKey(), new EdgeEvidence(
                e.getValue().has("timeoutMs") ? java.util.Optional.of(java.time.Duration.ofMillis(e.getValue().get("timeoutMs").asLong())) : java.util.Optional.empty(),
                e.getValue().path("retriesPerCall").asDouble(), e.getValue().path("callsPerSecond").asDouble())));
        System.out.println("evidence " + node.path("evidence") + "\ndeclared " + declared);
        MechanismBelief b = MechanismBelief.create(g, MechanismPriors.ofDeclared(evidence, declared), MechanismBelief.Settings.DEFAULTS);
        for (String[] e : FRAGILE) report(b, truth, e);
        for (JsonNode n : node.path("measured")) {
            FaultType type = FaultType.byId(n.path("type").asText()).orElseThrow();
            Map<String, Double> values = new LinkedHashMap<>();
            n.path("magnitude").properties().forEach(e -> values.put(e.getKey(), e.getValue().asDouble()));
            Map<String, String> texts = new LinkedHashMap<>();
            n.path("texts").properties().forEach(e -> texts.put(e.getKey(), e.getValue().asText()));
            Fault fault = new Fault(type, n.path("target").asText(), List.of(new Magnitude(values, texts)), Scope.percent(n.path("scopePercent").asDouble(100)));
            Map<String, MeasuredSli> services = new LinkedHashMap<>();
            n.path("services").properties().forEach(e -> {
                JsonNode a = e.getValue();
                boolean p50 = a.size() >= 8;
                if (g.service(e.getKey()).isEmpty()) return;
                services.put(e.getKey(), new MeasuredSli(a.get(0).asDouble(), a.get(1).asDouble(), a.get(2).asDouble(), a.get(3).asDouble(),
                        a.get(4).asLong(), a.get(5).asLong(), p50 ? OptionalDouble.of(a.get(6).asDouble()) : OptionalDouble.empty(),
                        p50 ? OptionalDouble.of(a.get(7).asDouble()) : OptionalDouble.empty()));
            });
            System.out.printf(Locale.ROOT, "%n== %s on %s %s scope %.0f%%%n", type.id(), fault.target(), values, fault.scope().percent());
            services.forEach((s, m) -> System.out.printf(Locale.ROOT, "   %-16s err %.3f -> %.3f  p99 %.0f -> %.0f  p50 %s -> %s  n %d -> %d%n", s,
                    m.baselineErrorRate(), m.errorRate(), m.baselineP99Ms(), m.p99Ms(), fmt(m.baselineP50Ms()), fmt(m.p50Ms()),
                    m.baselineRequests(), m.requests()));
            RequestMix ingress = RequestMix.ofFault(fault, fault.peak());
            for (String[] e : FRAGILE) {
                if (!e[1].equals(fault.target()) || !services.containsKey(e[0])) continue;
                MeasuredSli seen = services.get(e[0]);
                EdgeMechanism planted = truth.mechanism(e[0], e[1]).orElseThrow();
                RequestMix p = planted.view(ingress);
                double lp = MechanismUpdate.logLikelihood(seen, p);
                int bestM = 0;
                double best = Double.NEGATIVE_INFINITY;
                for (int m = 0; m < EdgeMechanism.GRID.size(); m++) {
                    double l = MechanismUpdate.logLikelihood(seen, EdgeMechanism.GRID.get(m).view(ingress));
                    if (l > best) {
                        best = l;
                        bestM = m;
                    }
                }
                RequestMix bm = EdgeMechanism.GRID.get(bestM).view(ingress);
                System.out.printf(Locale.ROOT, "   %s->%s planted predicts err %.3f p99 +%.0f p50 +%.0f (logL %.2f); best %s err %.3f p99 +%.0f p50 +%.0f (logL %.2f)%n",
                        e[0], e[1], p.failureRate(), p.quantileMs(0.99), p.quantileMs(0.5), lp, EdgeMechanism.GRID.get(bestM).describe(),
                        bm.failureRate(), bm.quantileMs(0.99), bm.quantileMs(0.5), best);
            }
            b.update(new MeasuredOutcome(fault, services, Map.of()));
            for (String[] e : FRAGILE) report(b, truth, e);
        }
    }

    private static String fmt(OptionalDouble d) {
        return d.isPresent() ? String.format(Locale.ROOT, "%.0f", d.getAsDouble()) : "-";
    }

    private static void report(MechanismBelief b, PlantedTruth truth, String[] e) {
        EdgeExplanation x = b.explain(e[0], e[1]);
        int planted = truth.mechanism(e[0], e[1]).orElseThrow().gridIndex();
        System.out.printf(Locale.ROOT, "     %s->%s: %s P=%.2f  (planted exact %.3f)%n", e[0], e[1], x.mechanism().describe(), x.probability(),
                b.posterior(e[0], e[1]).get(planted));
        List<Double> post = b.posterior(e[0], e[1]);
        java.util.stream.IntStream.range(0, post.size()).boxed().sorted((i, j) -> Double.compare(post.get(j), post.get(i))).limit(4)
                .forEach(i -> System.out.printf(Locale.ROOT, "         %.3f %s%n", post.get(i), EdgeMechanism.GRID.get(i).describe()));
    }
}
