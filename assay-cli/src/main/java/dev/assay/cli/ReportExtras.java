package dev.assay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.journal.Journal;
import dev.assay.model.Incident;
import dev.assay.runner.Trends;
import dev.assay.runner.TrendsText;
import java.util.List;
import java.util.Optional;

/**
 * What {@code assay report} adds to the runner's report: the trends of {@code --since}, the incidents that taught
 * the belief (findings learned from one say {@code tested at: incident ID}), and the decisions of continuous mode
 * ({@code assay serve}: ran, skipped, frozen, and why). JSON gains {@code trends}, {@code incidents} and
 * {@code decisions} (as {@code GET /api/decisions} has them); text and Markdown gain sections; HTML a section before
 * the end; JUnit nothing.
 */
final class ReportExtras {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportExtras() {
    }

    static String add(String report, String format, Optional<Trends> trends, List<Incident> incidents, List<Journal.Decision> decisions) {
        String extra = trends.map(TrendsText::text).orElse("") + (incidents.isEmpty() ? ""
                : "\nincidents (postmortem facts the belief learned from; findings tested at 'incident ID' came from them):\n"
                + IncidentText.text(incidents).indent(2)) + (decisions.isEmpty() ? "" : RemoteReport.decisions(decisions));
        return switch (format) {
            case "json" -> json(report, trends, incidents, decisions);
            case "text" -> report + extra;
            case "markdown" -> extra.isEmpty() ? report : report + "\n## History and incidents\n\n```\n" + extra.strip() + "\n```\n";
            case "html" -> extra.isEmpty() ? report : report.replace("</body>", "<h2>History and incidents</h2>\n<pre>" + escape(extra.strip())
                    + "</pre>\n</body>");
            default -> report;
        };
    }

    private static String json(String report, Optional<Trends> trends, List<Incident> incidents, List<Journal.Decision> decisions) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(report);
            trends.ifPresent(t -> root.set("trends", TrendsText.json(t, JSON)));
            root.set("incidents", JSON.readTree(IncidentText.json(incidents)));
            var list = root.putArray("decisions");
            for (Journal.Decision d : decisions) {
                ObjectNode o = list.addObject().put("at", d.at().toString()).put("action", d.action());
                d.intentId().ifPresentOrElse(i -> o.put("intent", i), () -> o.putNull("intent"));
                d.experimentId().ifPresentOrElse(i -> o.put("experimentId", i), () -> o.putNull("experimentId"));
                o.put("reason", d.reason());
            }
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the report's own JSON always parses", e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
