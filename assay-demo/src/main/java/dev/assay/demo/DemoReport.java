package dev.assay.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The demo's HTML report: {@code assay report}'s page of the journal, with what was measured on assistant -> llm. */
final class DemoReport {
    private DemoReport() {
    }

    /** The report with what was measured on assistant -> llm ({@link LlmEdgeFinding}) as a last section. */
    static String withLlmEdge(String html, List<LlmEdgeFinding> measured) {
        if (measured.isEmpty() || !html.contains("</body>")) return html;
        StringBuilder b = new StringBuilder("<h2>Measured on assistant &rarr; llm</h2>\n<table><thead><tr><th>intent</th><th>fault</th>"
                + "<th>mechanisms</th><th>what the counters show</th></tr></thead><tbody>\n");
        for (LlmEdgeFinding m : measured) {
            b.append("<tr><td>").append(esc(m.intent())).append("</td><td>").append(esc(m.fault())).append("</td><td>")
                    .append(esc(String.join(", ", m.mechanisms()))).append("</td><td>").append(esc(m.text())).append("</td></tr>\n");
        }
        return html.replace("</body>", b.append("</tbody></table>\n</body>"));
    }

    static void write(Path file, String html) {
        try {
            Files.writeString(file, html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
