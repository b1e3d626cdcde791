package dev.assay.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import dev.assay.verdict.Outcome;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The JSON the pages' scripts read: the graph coloured by belief, the live run, the history's series. */
final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Api() {
    }

    /**
     * {@code {"nodes":[{id, entry, journeys}], "edges":[{id, source, target, standing, sync, tested[], incidents[], mechanism}]}}:
     * {@code incidents} the ids of the incidents that taught the edge's findings, {@code mechanism} the inferred mechanism
     * ({@link DashboardModel#inferredMechanism}) or null when unknown.
     */
    static String graph(DashboardModel model) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode nodes = root.putArray("nodes");
        ArrayNode edges = root.putArray("edges");
        model.topology().ifPresent(t -> {
            Set<String> entries = new HashSet<>();
            t.journeys().forEach(j -> entries.add(j.entry()));
            for (Service s : t.services()) nodes.addObject().put("id", s.name()).put("entry", entries.contains(s.name()))
                    .put("journeys", journeys(t, s.name()));
        });
        for (EdgeBelief e : model.beliefs().edges()) {
            ObjectNode n = edges.addObject().put("id", e.key()).put("source", e.from()).put("target", e.to())
                    .put("standing", e.standing().name().toLowerCase(Locale.ROOT)).put("sync", e.sync());
            ArrayNode tested = n.putArray("tested");
            e.tested().forEach(tested::add);
            ArrayNode incidents = n.putArray("incidents");
            e.incidents().forEach(incidents::add);
            model.inferredMechanism(e.from(), e.to()).ifPresentOrElse(m -> n.put("mechanism", m), () -> n.putNull("mechanism"));
        }
        return write(root);
    }

    private static String journeys(Topology t, String service) {
        return String.join(", ", t.journeys().stream().filter(j -> j.entry().equals(service)).map(Journey::name).toList());
    }

    /**
     * {@code {"live": false}}, or the live run with its guards (name, sli, unit, value and threshold as numbers and as text,
     * readAt), seconds left and samples.
     */
    static String live(DashboardModel model) {
        ObjectNode root = JSON.createObjectNode();
        model.live().ifPresentOrElse(r -> {
            root.put("live", true).put("experiment", r.experimentId()).put("intent", r.intentId()).put("phase", r.phase().name())
                    .put("detail", r.detail()).put("startedAt", r.startedAt().toString());
            r.timeLeft().ifPresentOrElse(d -> root.put("secondsLeft", d.toMillis() / 1000.0), () -> root.putNull("secondsLeft"));
            r.breach().ifPresentOrElse(b -> root.put("breach", b), () -> root.putNull("breach"));
            ArrayNode guards = root.putArray("guards");
            for (LiveRun.GuardValue g : r.guards()) {
                ObjectNode n = guards.addObject().put("guard", g.describe()).put("sli", g.sli()).put("unit", g.unit()).put("threshold", g.threshold())
                        .put("thresholdText", g.text(g.threshold())).put("breachAbove", g.breachAbove());
                if (g.value().isPresent()) n.put("value", g.value().getAsDouble()).put("valueText", g.text(g.value().getAsDouble()));
                else n.putNull("value").putNull("valueText");
                g.readAt().ifPresentOrElse(t -> n.put("readAt", t.toString()), () -> n.putNull("readAt"));
            }
            ArrayNode samples = root.putArray("samples");
            for (LiveRun.Sample s : r.samples()) {
                ObjectNode n = samples.addObject().put("at", s.at().toEpochMilli() / 1000.0);
                ObjectNode v = n.putObject("values");
                s.values().forEach(v::put);
            }
        }, () -> root.put("live", false));
        return write(root);
    }

    /** The learning curve: per outcome its end time (epoch seconds), verdict, bits and budget, and the running sums. */
    static String history(DashboardModel model) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("outcomes");
        double bits = 0;
        double budget = 0;
        List<Outcome> outcomes = model.outcomes();
        for (Outcome o : outcomes) {
            bits += o.bitsGained();
            budget += o.budgetConsumed();
            list.addObject().put("experiment", o.experimentId()).put("intent", o.intentId()).put("verdict", o.verdict().kind())
                    .put("endedAt", o.endedAt().toEpochMilli() / 1000.0).put("bits", o.bitsGained()).put("budgetPercent", o.budgetConsumed() * 100)
                    .put("cumulativeBits", bits).put("cumulativeBudgetPercent", budget * 100);
        }
        return write(root);
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
