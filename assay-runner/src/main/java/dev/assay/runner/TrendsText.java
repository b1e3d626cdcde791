package dev.assay.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@link Trends} for people (text, also in Markdown reports) and machines (the {@code trends} object of the JSON report). */
public final class TrendsText {
    private TrendsText() {
    }

    public static String text(Trends t) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%ntrends from %s to %s:%n", t.from(), t.to()));
        if (t.intents().isEmpty()) return b.append("  no experiments in this window\n").toString();
        b.append("outcomes per intent (oldest first; S supported, R refuted, I inconclusive, A aborted):\n");
        for (Trends.IntentTrend i : t.intents()) {
            String line = i.points().stream().map(p -> p.verdict().substring(0, 1)).collect(Collectors.joining());
            String counts = i.verdictCounts().entrySet().stream().map(e -> e.getValue() + " " + e.getKey().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            b.append(String.format(Locale.ROOT, "  %-40s %-20s latest %s (%s)%n", i.intentId(), line, i.latestVerdict(), counts));
        }
        b.append("flaky hypotheses (verdict changed on an unchanged topology):\n");
        if (t.flaky().isEmpty()) b.append("  none\n");
        for (Trends.Flaky f : t.flaky()) {
            b.append(String.format(Locale.ROOT, "  %-40s topology %s: %s (%d change%s)%n", f.intentId(), f.topology(),
                    String.join(" -> ", f.verdicts()), f.changes(), f.changes() == 1 ? "" : "s"));
        }
        b.append("error budget spent per week (week of, UTC):\n");
        for (Trends.Week w : t.weeks()) {
            b.append(String.format(Locale.ROOT, "  %s  %7.4f%% of the budget, %d experiment%s, %.2f bits%n", w.monday(),
                    w.budgetConsumed() * 100, w.experiments(), w.experiments() == 1 ? "" : "s", w.bitsGained()));
        }
        return b.toString();
    }

    public static ObjectNode json(Trends t, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode().put("from", t.from().toString()).put("to", t.to().toString());
        ArrayNode intents = root.putArray("intents");
        for (Trends.IntentTrend i : t.intents()) {
            ObjectNode n = intents.addObject().put("intent", i.intentId()).put("latest", i.latestVerdict());
            ObjectNode counts = n.putObject("verdicts");
            i.verdictCounts().forEach(counts::put);
            ArrayNode points = n.putArray("outcomes");
            for (Trends.Point p : i.points()) {
                ObjectNode pn = points.addObject().put("experiment", p.experimentId()).put("verdict", p.verdict()).put("at", p.at().toString())
                        .put("budgetConsumed", p.budgetConsumed());
                p.topology().ifPresentOrElse(tp -> pn.put("topology", tp), () -> pn.putNull("topology"));
            }
        }
        ArrayNode flaky = root.putArray("flaky");
        for (Trends.Flaky f : t.flaky()) {
            ObjectNode n = flaky.addObject().put("intent", f.intentId()).put("topology", f.topology()).put("changes", f.changes());
            f.verdicts().forEach(n.putArray("verdicts")::add);
        }
        ArrayNode weeks = root.putArray("budgetPerWeek");
        for (Trends.Week w : t.weeks()) {
            weeks.addObject().put("weekOf", w.monday().toString()).put("budgetConsumed", w.budgetConsumed()).put("experiments", w.experiments())
                    .put("bitsGained", w.bitsGained());
        }
        return root;
    }
}
