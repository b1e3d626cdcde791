package dev.assay.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.model.SliDefinition;
import dev.assay.spi.Reading;
import java.util.List;
import java.util.Locale;

/** Text and JSON renderings of live figures, drift and budgets for the CLI. */
public final class TelemetryReports {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TelemetryReports() {
    }

    /** One line per edge with its live figures, then what was taken in. */
    public static String edgeFigures(GraphSnapshot g) {
        StringBuilder sb = new StringBuilder("edge figures:\n");
        for (EdgeStats e : g.edges()) {
            sb.append(String.format(Locale.ROOT, "  %-40s %s calls=%d err=%.2f%% cpr=%.2f rate=%.2f/s p50=%.1fms p99=%.1fms",
                    e.key(), e.sync() ? "sync " : "async", e.calls(), 100 * e.errorRate(), e.callsPerRequest(), e.callsPerSecond(),
                    e.latency().p50Ms(), e.latency().p99Ms()));
            e.inference().timeout().ifPresent(t -> sb.append(" timeout~").append(t.toMillis()).append("ms"));
            if (e.inference().maxRetries() > 0) sb.append(" retries<=").append(e.inference().maxRetries());
            e.inference().fallbackRatio().filter(r -> r > 0.5).ifPresent(r -> sb.append(" fallback"));
            sb.append('\n');
        }
        for (ServiceStats s : g.services()) {
            s.version().ifPresent(v -> sb.append("  version ").append(s.name()).append(' ').append(v).append('\n'));
        }
        GraphSnapshot.Counts c = g.counts();
        sb.append(String.format(Locale.ROOT, "spans=%d traces=%d malformed=%d dropped=%d%n", c.spans(), c.traces(), c.malformedSpans(), c.droppedSpans()));
        g.malformedReasons().forEach(r -> sb.append("  malformed: ").append(r).append('\n'));
        return sb.toString();
    }

    public static String drift(Drift d, List<StaleIntents.Stale> stale) {
        if (d.isEmpty() && stale.isEmpty()) return "no drift\n";
        StringBuilder sb = new StringBuilder();
        d.addedServices().forEach(s -> sb.append("+ service ").append(s).append('\n'));
        d.removedServices().forEach(s -> sb.append("- service ").append(s).append('\n'));
        d.addedEdges().forEach(s -> sb.append("+ edge ").append(s).append('\n'));
        d.removedEdges().forEach(s -> sb.append("- edge ").append(s).append('\n'));
        d.versionChanges().forEach(v -> sb.append("~ version ").append(v.service()).append(' ').append(v.before()).append(" -> ").append(v.after()).append('\n'));
        d.callRateShifts().forEach(r -> sb.append(String.format(Locale.ROOT, "~ rate %s %.2f/s -> %.2f/s (x%.2f)%n", r.edge(), r.before(), r.after(), r.factor())));
        d.journeyChanges().forEach(p -> sb.append("~ journey ").append(p.journey()).append(" +").append(p.added()).append(" -").append(p.removed()).append('\n'));
        stale.forEach(s -> sb.append("stale intent ").append(s.intentId()).append(": ").append(String.join("; ", s.reasons())).append('\n'));
        return sb.toString();
    }

    public static ObjectNode driftJson(Drift d, List<StaleIntents.Stale> stale) {
        ObjectNode n = JSON.valueToTree(new DriftView(d.addedServices(), d.removedServices(), d.addedEdges(), d.removedEdges()));
        ArrayNode versions = n.putArray("versionChanges");
        d.versionChanges().forEach(v -> versions.addObject().put("service", v.service()).put("before", v.before()).put("after", v.after()));
        ArrayNode rates = n.putArray("callRateShifts");
        d.callRateShifts().forEach(r -> rates.addObject().put("edge", r.edge()).put("before", r.before()).put("after", r.after()));
        ArrayNode paths = n.putArray("journeyChanges");
        d.journeyChanges().forEach(p -> {
            ObjectNode o = paths.addObject().put("journey", p.journey());
            p.added().forEach(o.putArray("added")::add);
            p.removed().forEach(o.putArray("removed")::add);
        });
        ArrayNode st = n.putArray("staleIntents");
        stale.forEach(s -> {
            ObjectNode o = st.addObject().put("intent", s.intentId());
            s.reasons().forEach(o.putArray("reasons")::add);
        });
        return n;
    }

    private record DriftView(List<String> addedServices, List<String> removedServices, List<String> addedEdges, List<String> removedEdges) {
    }

    public static String budgets(List<SliDefinition> slis, List<Reading> readings, List<BudgetStatus> budgets) {
        StringBuilder sb = new StringBuilder("SLIs (last 5m):\n");
        for (int i = 0; i < slis.size(); i++) {
            Reading r = readings.get(i);
            sb.append(String.format(Locale.ROOT, "  %-28s %-10s ", slis.get(i).name(), slis.get(i).source().id()));
            sb.append(r instanceof Reading.Known k ? String.format(Locale.ROOT, "%.6g", k.value()) : "UNKNOWN (" + ((Reading.Unknown) r).reason() + ")");
            sb.append('\n');
        }
        sb.append("SLOs:\n");
        for (BudgetStatus b : budgets) {
            sb.append(String.format(Locale.ROOT, "  %-28s objective %.4g%% over %s: ", b.slo().name(), 100 * b.slo().objective(), PromQl.duration(b.slo().window())));
            switch (b) {
                case BudgetStatus.Unknown u -> sb.append("budget UNKNOWN (").append(u.reason()).append(")\n");
                case BudgetStatus.Known k -> {
                    sb.append(String.format(Locale.ROOT, "budget remaining %.6g%% (error ratio %.4g)%s%n", 100 * k.remaining(), k.errorRatio(),
                            k.basedOn().isEmpty() ? "" : ", " + k.basedOn()));
                    for (BudgetStatus.BurnRate r : k.burnRates()) {
                        sb.append(String.format(Locale.ROOT, "    burn %-10s %s %.2fx / %s %.2fx (alert at %.1fx)%s%n", r.name(),
                                PromQl.duration(r.longWindow()), r.longRate(), PromQl.duration(r.shortWindow()), r.shortRate(), r.factor(),
                                r.firing() ? "  FIRING" : ""));
                    }
                }
            }
        }
        return sb.toString();
    }

    public static ObjectNode budgetsJson(List<SliDefinition> slis, List<Reading> readings, List<BudgetStatus> budgets) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode s = root.putArray("slis");
        for (int i = 0; i < slis.size(); i++) {
            ObjectNode o = s.addObject().put("name", slis.get(i).name()).put("source", slis.get(i).source().id());
            if (readings.get(i) instanceof Reading.Known k) o.put("value", k.value()).put("known", true);
            else o.putNull("value").put("known", false).put("reason", ((Reading.Unknown) readings.get(i)).reason());
        }
        ArrayNode b = root.putArray("slos");
        for (BudgetStatus st : budgets) {
            ObjectNode o = b.addObject().put("name", st.slo().name()).put("sli", st.slo().sli()).put("objective", st.slo().objective())
                    .put("window", PromQl.duration(st.slo().window()));
            switch (st) {
                case BudgetStatus.Unknown u -> o.put("known", false).putNull("remaining").put("reason", u.reason());
                case BudgetStatus.Known k -> {
                    o.put("known", true).put("remaining", k.remaining()).put("errorRatio", k.errorRatio())
                            .put("coveredSeconds", k.covered().toSeconds()).put("basedOn", k.basedOn());
                    ArrayNode rates = o.putArray("burnRates");
                    k.burnRates().forEach(r -> rates.addObject().put("name", r.name()).put("longWindow", PromQl.duration(r.longWindow()))
                            .put("longRate", r.longRate()).put("shortWindow", PromQl.duration(r.shortWindow())).put("shortRate", r.shortRate())
                            .put("factor", r.factor()).put("firing", r.firing()));
                }
            }
        }
        return root;
    }
}
