package dev.assay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.model.Incident;
import java.util.List;
import java.util.Locale;

/** {@code assay incident list} output: a table for people, JSON for machines. */
final class IncidentText {
    private IncidentText() {
    }

    static String text(List<Incident> incidents) {
        if (incidents.isEmpty()) return "no incidents in the journal\n";
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-16s %-16s %-15s %-10s %-22s %-22s %s%n",
                "id", "service", "fault class", "magnitude", "at", "resolved", "degraded"));
        for (Incident i : incidents) {
            b.append(String.format(Locale.ROOT, "%-16s %-16s %-15s %-10s %-22s %-22s %s%n", i.id(), i.service(),
                    i.faultClass().name().toLowerCase(Locale.ROOT), magnitude(i), i.at(),
                    i.resolvedAt().map(Object::toString).orElse("OPEN"), String.join(",", i.degraded())));
        }
        return b.toString();
    }

    static String magnitude(Incident i) {
        if (i.magnitude().isEmpty()) return "unknown";
        double v = i.magnitude().getAsDouble();
        return i.faultClass() == dev.assay.model.FaultClass.LATENCY ? Math.round(v) + "ms" : Math.round(v * 1000) / 10.0 + "%";
    }

    static String json(List<Incident> incidents) {
        ObjectMapper m = new ObjectMapper();
        ArrayNode all = m.createArrayNode();
        for (Incident i : incidents) {
            ObjectNode n = all.addObject().put("id", i.id()).put("service", i.service())
                    .put("faultClass", i.faultClass().name().toLowerCase(Locale.ROOT));
            if (i.magnitude().isPresent()) n.put("magnitude", i.magnitude().getAsDouble());
            i.degraded().forEach(n.putArray("degraded")::add);
            if (i.degraded().isEmpty()) n.putArray("degraded");
            n.put("at", i.at().toString()).put("open", i.open());
            i.resolvedAt().ifPresent(r -> n.put("resolvedAt", r.toString()));
            n.put("summary", i.summary());
        }
        return all.toPrettyString() + "\n";
    }
}
