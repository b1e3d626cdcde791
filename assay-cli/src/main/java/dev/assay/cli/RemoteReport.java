package dev.assay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.journal.Journal;
import java.util.List;
import java.util.Locale;

/** {@code assay report}'s text for a server's outcomes (JSON from the API), and the decisions log of continuous mode. */
final class RemoteReport {
    private RemoteReport() {
    }

    static String text(JsonNode report) {
        StringBuilder b = new StringBuilder();
        JsonNode outcomes = report.path("outcomes");
        b.append(outcomes.size()).append(outcomes.size() == 1 ? " experiment" : " experiments").append('\n');
        for (JsonNode o : outcomes) {
            b.append(String.format(Locale.ROOT, "  %-10s %s (%s)%s, %.3f bits, %.4f%% of the error budget%n", o.path("verdict").asText(),
                    o.path("intent").asText(), o.path("id").asText(), o.path("abortReason").isTextual() ? ": " + o.path("abortReason").asText() : "",
                    o.path("bitsGained").asDouble(), 100 * o.path("budgetConsumed").asDouble()));
        }
        JsonNode findings = report.path("findings");
        if (findings.size() > 0) b.append("findings:\n");
        findings.forEach(f -> b.append(String.format(Locale.ROOT, "  %s->%s %s: %s (P = %.3f, tested at %s)%n", f.path("from").asText(),
                f.path("to").asText(), f.path("faultClass").asText(), f.path("tolerant").asBoolean() ? "tolerant" : "fragile",
                f.path("probability").asDouble(), f.path("testedAt").asText())));
        JsonNode decisions = report.path("decisions");
        if (decisions.size() > 0) b.append("decisions:\n");
        decisions.forEach(d -> b.append(line(d.path("at").asText(), d.path("action").asText(),
                (d.path("intent").isTextual() ? d.path("intent").asText() + ": " : "") + d.path("reason").asText())));
        return b.toString();
    }

    static String decisions(List<Journal.Decision> decisions) {
        StringBuilder b = new StringBuilder("\ndecisions (assay serve: ran, skipped, frozen, and why):\n");
        decisions.forEach(d -> b.append(line(d.at().toString(), d.action(), d.intentId().map(i -> i + ": ").orElse("") + d.reason())));
        return b.toString();
    }

    private static String line(String at, String action, String reason) {
        return String.format(Locale.ROOT, "  %s %-8s %s%n", at, action, reason);
    }
}
