package dev.assay.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The demo's HTML report: one self-contained page (no scripts, no external files) a browser opens offline. */
final class DemoReport {
    private DemoReport() {
    }

    static void write(Path file, DemoSummary s, String graph) {
        try {
            Files.writeString(file, html(s, graph));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
    }

    static String html(DemoSummary s, String graph) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Assay demo report</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#f3f3f3}")
                .append(".SUPPORTED{color:#176f2c}.REFUTED{color:#b00020}.ABORTED{color:#a15c00}.INCONCLUSIVE{color:#555}")
                .append("pre{background:#f7f7f7;padding:1em;overflow-x:auto}</style></head><body>\n");
        h.append("<h1>Assay demo: what was learned</h1>\n<p>").append(s.experiments().size()).append(" experiments in ")
                .append(String.format("%.0f", s.durationSeconds())).append(" s").append(s.interrupted() ? " (stopped early)" : "")
                .append(". Journal: <code>").append(esc(s.journal().toString())).append("</code></p>\n");
        h.append("<h2>Discovered topology</h2>\n<pre>").append(esc(graph)).append("</pre>\n");
        h.append("<h2>Experiments</h2>\n<table><tr><th>#</th><th>intent</th><th>verdict</th><th>reason</th><th>abort latency</th>")
                .append("<th>bits gained</th><th>evidence</th></tr>\n");
        int n = 0;
        for (DemoSummary.Experiment x : s.experiments()) {
            h.append("<tr><td>").append(++n).append("</td><td>").append(esc(x.intent())).append("</td><td class=\"").append(x.verdict()).append("\">")
                    .append(x.verdict()).append("</td><td>").append(esc(x.reason().orElse(""))).append("</td><td>")
                    .append(x.abortLatencyMs().map(l -> l + " ms").orElse("")).append("</td><td>").append(String.format("%.3f", x.bitsGained()))
                    .append("</td><td>").append(esc(String.join("\n", x.evidence())).replace("\n", "<br>")).append("</td></tr>\n");
        }
        h.append("</table>\n");
        h.append("<h2>Findings</h2>\n<table><tr><th>edge</th><th>fault class</th><th>tested at</th><th>finding</th><th>probability</th></tr>\n");
        for (DemoSummary.Finding f : s.findings()) {
            h.append("<tr><td>").append(esc(f.from() + " → " + f.to())).append("</td><td>").append(DemoSummary.faultClassId(f.faultClass()))
                    .append("</td><td>").append(esc(f.testedAt())).append("</td><td>").append(f.tolerant() ? "tolerant" : "<b>fragile</b>")
                    .append("</td><td>").append(String.format("%.3f", f.probability())).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Resilience budgets</h2>\n<table><tr><th>journey</th><th>fault</th><th>no effect up to</th>")
                .append("<th>significant from</th><th>disabling from</th></tr>\n");
        for (DemoSummary.ResilienceBudget b : s.budgets()) {
            h.append("<tr><td>").append(esc(b.journey())).append("</td><td>").append(DemoSummary.faultClassId(b.faultClass())).append(" on ")
                    .append(esc(b.target())).append("</td><td>").append(esc(b.noEffectUpTo().orElse("—"))).append("</td><td>")
                    .append(esc(b.significantFrom().orElse("—"))).append("</td><td>").append(esc(b.disablingFrom().orElse("—"))).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Stale intents</h2>\n").append(list(s.stale().stream().map(x -> x.intent() + ": " + String.join("; ", x.reasons())).toList()));
        h.append("<h2>Redundant intents</h2>\n").append(list(s.redundant().stream()
                .map(x -> String.format("%s: P(holds) = %.3f, not run", x.intent(), x.pHolds())).toList()));
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String list(List<String> items) {
        if (items.isEmpty()) return "<p>none</p>\n";
        StringBuilder b = new StringBuilder("<ul>");
        items.forEach(i -> b.append("<li>").append(esc(i)).append("</li>"));
        return b.append("</ul>\n").toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
