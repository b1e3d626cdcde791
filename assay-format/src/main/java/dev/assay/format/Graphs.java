package dev.assay.format;

import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import java.util.Locale;

/** Renders a topology for people: Graphviz DOT ({@code dot -Tsvg}) and a plain text listing. */
public final class Graphs {
    private Graphs() {
    }

    /** A DOT digraph: one node per service (shape by kind), one arrow per edge (dashed when async). */
    public static String dot(Topology t) {
        StringBuilder b = new StringBuilder();
        b.append("digraph ").append(quote(t.name())).append(" {\n");
        b.append("  rankdir=LR;\n  node [fontname=\"Helvetica\", style=filled, fillcolor=\"#f5f5f5\"];\n");
        for (Service s : t.services()) {
            b.append("  ").append(quote(s.name())).append(" [shape=").append(shape(s)).append(", tooltip=")
                    .append(quote(s.kind().id())).append("];\n");
        }
        for (Edge e : t.edges()) {
            b.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to()));
            StringBuilder attrs = new StringBuilder();
            if (!e.sync()) attrs.append("style=dashed");
            if (e.callsPerRequest() != 1.0) {
                if (!attrs.isEmpty()) attrs.append(", ");
                attrs.append("label=").append(quote("x" + dev.assay.model.Quantity.number(e.callsPerRequest())));
            }
            if (!attrs.isEmpty()) b.append(" [").append(attrs).append("]");
            b.append(";\n");
        }
        b.append("}\n");
        return b.toString();
    }

    /** A listing: services with kinds, edges with their attributes, journeys with what they use. */
    public static String text(Topology t) {
        StringBuilder b = new StringBuilder();
        b.append("topology ").append(t.name()).append(": ").append(t.services().size()).append(" services, ")
                .append(t.edges().size()).append(" edges, ").append(t.journeys().size()).append(" journeys\n");
        b.append("services:\n");
        for (Service s : t.services()) b.append(String.format(Locale.ROOT, "  %-24s %s%n", s.name(), s.kind().id()));
        b.append("edges:\n");
        for (Edge e : t.edges()) {
            b.append("  ").append(e.key());
            if (!e.sync()) b.append("  async");
            if (e.callsPerRequest() != 1.0) b.append("  x").append(dev.assay.model.Quantity.number(e.callsPerRequest()));
            e.resilience().ifPresent(r -> b.append("  timeout=").append(r.timeout().map(dev.assay.model.Quantities::format).orElse("none"))
                    .append(" retries=").append(r.retries()).append(r.fallback() ? " fallback" : "").append(r.circuitBreaker() ? " circuit-breaker" : ""));
            b.append('\n');
        }
        b.append("journeys:\n");
        for (Journey j : t.journeys()) {
            b.append("  ").append(j.name()).append(" (entry ").append(j.entry()).append(", weight ")
                    .append(dev.assay.model.Quantity.number(j.weight())).append("): ").append(String.join(", ", j.uses())).append('\n');
        }
        return b.toString();
    }

    private static String shape(Service s) {
        return switch (s.kind()) {
            case SERVICE -> "box";
            case DATABASE -> "cylinder";
            case CACHE -> "box3d";
            case QUEUE -> "cds";
            case EXTERNAL -> "ellipse";
        };
    }

    /** A DOT double-quoted ID, escaping what needs it. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
