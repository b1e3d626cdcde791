package dev.assay.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.verdict.Evidence;
import dev.assay.verdict.Outcome;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Renders journal outcomes: plain text, Markdown, a self-contained HTML page, JSON ({@code {"outcomes": [...]}})
 * and JUnit XML (one test case per intent, its latest outcome: REFUTED and ABORTED by a guard are failures, an
 * abort with nothing observed (pre-flight refusal, operator stop) an error, INCONCLUSIVE skipped) for CI pipelines.
 * With {@link Learned}, every format also shows the findings, resilience budgets and scores, and the services
 * and edges first seen during an experiment.
 */
public final class Reports {
    public enum Format { TEXT, MARKDOWN, HTML, JSON, JUNIT }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {
    }

    public static String render(List<Outcome> outcomes, Format format) {
        return render(outcomes, Learned.NOTHING, format);
    }

    public static String render(List<Outcome> outcomes, Learned learned, Format format) {
        return switch (format) {
            case TEXT -> text(outcomes) + (outcomes.isEmpty() ? "" : LearnedText.text(learned));
            case MARKDOWN -> markdown(outcomes) + "\n" + LearnedText.markdown(learned);
            case HTML -> html(outcomes, learned);
            case JSON -> json(outcomes, learned);
            case JUNIT -> junit(outcomes);
        };
    }

    /** The latest outcome of each intent, in first-seen order. */
    static Map<String, Outcome> latestPerIntent(List<Outcome> outcomes) {
        Map<String, Outcome> latest = new LinkedHashMap<>();
        outcomes.forEach(o -> latest.put(o.intentId(), o));
        return latest;
    }

    static String json(List<Outcome> outcomes) {
        return json(outcomes, Learned.NOTHING);
    }

    static String json(List<Outcome> outcomes, Learned learned) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("outcomes");
        for (Outcome o : outcomes) {
            ObjectNode n = list.addObject();
            n.put("id", o.experimentId());
            n.put("intent", o.intentId());
            n.put("verdict", o.verdict().kind());
            o.verdictReason().ifPresentOrElse(r -> n.put("reason", r), () -> n.putNull("reason"));
            o.abortReason().ifPresentOrElse(r -> n.put("abortReason", r), () -> n.putNull("abortReason"));
            o.abortLatency().ifPresentOrElse(d -> n.put("abortLatencyMs", d.toNanos() / 1e6), () -> n.putNull("abortLatencyMs"));
            o.predictedBlastRadius().forEach(n.putArray("predictedBlastRadius")::add);
            o.actualBlastRadius().forEach(n.putArray("actualBlastRadius")::add);
            o.discovered().forEach(n.putArray("discovered")::add);
            n.put("predictionError", o.predictionError());
            n.put("bitsGained", o.bitsGained());
            n.put("budgetConsumed", o.budgetConsumed());
            n.put("startedAt", o.startedAt().toString());
            n.put("endedAt", o.endedAt().toString());
            ArrayNode ev = n.putArray("evidence");
            for (Evidence e : o.verdict().evidence()) {
                ObjectNode x = ev.addObject();
                x.put("sli", e.sli());
                x.put("criterion", e.criterion());
                x.put("reference", e.reference().name());
                x.put("baseline", e.baseline());
                x.put("during", e.during());
                e.interval().ifPresent(i -> x.putArray("interval").add(i.low()).add(i.high()));
                x.put("baselineSamples", e.baselineSamples());
                x.put("duringSamples", e.duringSamples());
                x.put("pValue", e.pValue());
                x.put("decision", e.decision().name());
            }
        }
        LearnedText.json(learned, root);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static String junit(List<Outcome> outcomes) {
        Map<String, Outcome> latest = latestPerIntent(outcomes);
        long failures = latest.values().stream().filter(o -> o.verdict().kind().equals("REFUTED") || BeliefLearner.guardTripped(o)).count();
        long errors = latest.values().stream().filter(o -> o.verdict().kind().equals("ABORTED") && !BeliefLearner.guardTripped(o)).count();
        long skipped = latest.values().stream().filter(o -> o.verdict().kind().equals("INCONCLUSIVE")).count();
        double total = latest.values().stream().mapToDouble(Reports::seconds).sum();
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "assay");
            x.writeAttribute("tests", String.valueOf(latest.size()));
            x.writeAttribute("failures", String.valueOf(failures));
            x.writeAttribute("errors", String.valueOf(errors));
            x.writeAttribute("time", secs(total));
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "assay.intents");
            x.writeAttribute("tests", String.valueOf(latest.size()));
            x.writeAttribute("failures", String.valueOf(failures));
            x.writeAttribute("errors", String.valueOf(errors));
            x.writeAttribute("skipped", String.valueOf(skipped));
            x.writeAttribute("time", secs(total));
            for (Outcome o : latest.values()) {
                x.writeStartElement("testcase");
                x.writeAttribute("name", o.intentId());
                x.writeAttribute("classname", "assay.intent");
                x.writeAttribute("time", secs(seconds(o)));
                String reason = o.verdictReason().orElse("");
                switch (o.verdict().kind()) {
                    case "REFUTED" -> element(x, "failure", "refuted", reason, evidenceText(o));
                    case "ABORTED" -> element(x, BeliefLearner.guardTripped(o) ? "failure" : "error", "aborted", reason, "abort latency: "
                            + o.abortLatency().map(d -> d.toMillis() + " ms").orElse("n/a") + "\n" + evidenceText(o));
                    case "INCONCLUSIVE" -> element(x, "skipped", "inconclusive", reason, "");
                    default -> { }
                }
                x.writeStartElement("system-out");
                x.writeCharacters("experiment " + o.experimentId() + ": " + o.verdict().kind() + "\n" + evidenceText(o));
                x.writeEndElement();
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing XML to a string cannot fail", e);
        }
        return out + "\n";
    }

    private static void element(XMLStreamWriter x, String name, String type, String message, String body) throws XMLStreamException {
        x.writeStartElement(name);
        x.writeAttribute("type", type);
        x.writeAttribute("message", message);
        x.writeCharacters(body);
        x.writeEndElement();
    }

    static String text(List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder();
        if (outcomes.isEmpty()) return "No outcomes in the journal yet. Run `assay run` first.\n";
        for (Outcome o : outcomes) {
            b.append(String.format(Locale.ROOT, "%-12s %s  (experiment %s, %s)%n", o.verdict().kind(), o.intentId(), o.experimentId(),
                    Duration.between(o.startedAt(), o.endedAt()).toSeconds() + " s"));
            o.verdictReason().ifPresent(r -> b.append("             ").append(r).append('\n'));
            o.abortLatency().ifPresent(d -> b.append("             abort latency ").append(d.toMillis()).append(" ms\n"));
            for (String line : evidenceText(o).split("\n")) if (!line.isBlank()) b.append("             ").append(line).append('\n');
            if (!o.discovered().isEmpty()) b.append("             discovered: ").append(String.join(", ", o.discovered())).append('\n');
        }
        b.append(summary(outcomes));
        return b.toString();
    }

    static String markdown(List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder("# Assay report\n\n");
        b.append("| intent | verdict | reason | abort latency | bits | budget | blast radius (predicted → actual) |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            b.append("| ").append(md(o.intentId())).append(" | ").append(o.verdict().kind()).append(" | ").append(md(o.verdictReason().orElse("")))
                    .append(" | ").append(o.abortLatency().map(d -> d.toMillis() + " ms").orElse("")).append(" | ")
                    .append(String.format(Locale.ROOT, "%.3f", o.bitsGained())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.4f%%", o.budgetConsumed() * 100)).append(" | ")
                    .append(md(String.join(", ", o.predictedBlastRadius()))).append(" → ").append(md(String.join(", ", o.actualBlastRadius())))
                    .append(" |\n");
        }
        b.append("\n").append(summary(outcomes).replace("\n", "\n\n"));
        return b.toString();
    }

    static String html(List<Outcome> outcomes) {
        return html(outcomes, Learned.NOTHING);
    }

    static String html(List<Outcome> outcomes, Learned learned) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Assay report</title>\n<style>"
                + "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;max-width:100%}td,th{border:1px solid #ccc;padding:4px 8px;"
                + "vertical-align:top;overflow-wrap:anywhere}pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;min-width:24em}.SUPPORTED{background:#dfd}.REFUTED{background:#fdd}.ABORTED{background:#fec}.INCONCLUSIVE{background:#eee}"
                + "</style></head>\n<body>\n<h1>Assay report</h1>\n<p id=\"summary\">").append(esc(summary(outcomes).trim())).append("</p>\n");
        b.append("<table id=\"outcomes\"><thead><tr><th>intent</th><th>verdict</th><th>reason</th><th>evidence</th><th>abort latency</th>"
                + "<th>bits</th><th>blast radius predicted</th><th>actual</th><th>discovered</th></tr></thead><tbody>\n");
        for (Outcome o : outcomes) {
            b.append("<tr class=\"").append(o.verdict().kind()).append("\" data-experiment=\"").append(esc(o.experimentId())).append("\"><td>")
                    .append(esc(o.intentId())).append("</td><td>").append(o.verdict().kind()).append("</td><td>").append(esc(o.verdictReason().orElse("")))
                    .append("</td><td><pre>").append(esc(evidenceText(o))).append("</pre></td><td>")
                    .append(o.abortLatency().map(d -> d.toMillis() + " ms").orElse("")).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.3f", o.bitsGained())).append("</td><td>").append(esc(String.join(", ", o.predictedBlastRadius())))
                    .append("</td><td>").append(esc(String.join(", ", o.actualBlastRadius()))).append("</td><td>")
                    .append(esc(String.join(", ", o.discovered()))).append("</td></tr>\n");
        }
        return b.append("</tbody></table>\n").append(LearnedText.html(learned)).append("</body></html>\n").toString();
    }

    private static String summary(List<Outcome> outcomes) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String k : List.of("SUPPORTED", "REFUTED", "INCONCLUSIVE", "ABORTED")) {
            counts.put(k, outcomes.stream().filter(o -> o.verdict().kind().equals(k)).count());
        }
        double bits = outcomes.stream().mapToDouble(Outcome::bitsGained).sum();
        double budget = outcomes.stream().mapToDouble(Outcome::budgetConsumed).sum();
        TreeSet<String> discovered = new TreeSet<>();
        outcomes.forEach(o -> discovered.addAll(o.discovered()));
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(v + " " + k.toLowerCase(Locale.ROOT)));
        return outcomes.size() + " experiments: " + String.join(", ", parts) + String.format(Locale.ROOT,
                "%nlearned %.3f bits; spent %.4f%% of the error budget%n", bits, budget * 100)
                + "discovered: " + (discovered.isEmpty() ? "nothing new" : String.join(", ", discovered)) + "\n";
    }

    /** The evidence of an outcome, one criterion per line. */
    public static String evidenceText(Outcome o) {
        StringBuilder b = new StringBuilder();
        for (Evidence e : o.verdict().evidence()) {
            b.append(String.format(Locale.ROOT, "%s: %s — %s %.4g vs %.4g during (n=%d/%d)%s, p=%.3g, %s%n", e.decision(), e.criterion(),
                    e.reference() == Evidence.Reference.CONTROL_COHORT ? "control" : "baseline", e.baseline(), e.during(), e.baselineSamples(),
                    e.duringSamples(), e.interval().map(i -> String.format(Locale.ROOT, ", %d%% CI [%.4g, %.4g]", Math.round(i.confidence() * 100),
                            i.low(), i.high())).orElse(""), e.pValue(), e.method()));
        }
        return b.toString();
    }

    private static double seconds(Outcome o) {
        return Duration.between(o.startedAt(), o.endedAt()).toMillis() / 1000.0;
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
