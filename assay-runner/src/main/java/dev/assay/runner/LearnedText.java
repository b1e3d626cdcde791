package dev.assay.runner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.belief.EdgeExplanation;
import dev.assay.belief.Finding;
import dev.assay.belief.ResilienceScore;
import dev.assay.belief.TargetBudget;
import dev.assay.model.FaultClass;
import java.util.Locale;
import java.util.OptionalInt;

/** {@link Learned} as text, Markdown, HTML and JSON: the one rendering {@link Reports}, {@code run} and the demo share. */
public final class LearnedText {
    private LearnedText() {
    }

    public static String faultClassId(FaultClass c) {
        return c.name().toLowerCase(Locale.ROOT);
    }

    /** {@code 388ms}, or {@code -} when no level of the scale qualifies. */
    static String level(TargetBudget b, OptionalInt chaosLevel) {
        return chaosLevel.isPresent() ? b.label(chaosLevel.getAsInt()) : "-";
    }

    public static String findingLine(Finding f) {
        return String.format(Locale.ROOT, "%-28s %-15s %-22s %-9s P = %.3f", f.from() + " -> " + f.to(), faultClassId(f.faultClass()), f.testedAt(),
                f.tolerant() ? "tolerant" : "FRAGILE", f.probability());
    }

    public static String budgetLine(TargetBudget b) {
        return String.format(Locale.ROOT, "%-12s %-28s %-16s %-16s %s", b.budget().journey(), faultClassId(b.budget().faultClass()) + " on " + b.target(),
                level(b, b.budget().noEffect()), level(b, b.budget().significant()), level(b, b.budget().disabling()));
    }

    public static String scoreLine(ResilienceScore s) {
        return String.format(Locale.ROOT, "%-12s %.3f ± %.3f", s.name(), s.score(), s.uncertainty());
    }

    /** Findings, budgets, scores and what was first seen during an experiment, indented for a terminal. */
    public static String text(Learned l) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%nfindings (edge, fault class, tested at: what the beliefs now say):%n"));
        if (l.findings().isEmpty()) b.append("  none: no experiment observed anything yet\n");
        l.findings().forEach(f -> b.append("  ").append(findingLine(f)).append('\n'));
        if (!l.budgets().isEmpty()) {
            b.append(String.format("%nresilience budgets (journey vs fault: no effect up to / significant from / disabling from):%n"));
            l.budgets().forEach(x -> b.append("  ").append(budgetLine(x)).append('\n'));
        }
        if (!l.scores().isEmpty()) {
            b.append(String.format("%nresilience scores (share of faults survived, ± its uncertainty):%n"));
            l.scores().forEach(s -> b.append("  ").append(scoreLine(s)).append('\n'));
        }
        if (!l.mechanisms().isEmpty()) {
            b.append(String.format("%nwhy (inferred mechanism of each tested edge, its probability: what it does to a fault):%n"));
            l.mechanisms().forEach(x -> b.append("  ").append(x.text()).append('\n'));
        }
        b.append(String.format("%nfirst seen during an experiment: %s%n", l.discovered().isEmpty() ? "nothing" : String.join(", ", l.discovered())));
        return b.toString();
    }

    static String markdown(Learned l) {
        StringBuilder b = new StringBuilder("## Findings\n\n| edge | fault class | tested at | finding | P |\n|---|---|---|---|---|\n");
        for (Finding f : l.findings()) {
            b.append(String.format(Locale.ROOT, "| %s → %s | %s | %s | %s | %.3f |%n", f.from(), f.to(), faultClassId(f.faultClass()), f.testedAt(),
                    f.tolerant() ? "tolerant" : "**fragile**", f.probability()));
        }
        b.append("\n## Resilience budgets\n\n| journey | fault | no effect up to | significant from | disabling from |\n|---|---|---|---|---|\n");
        for (TargetBudget x : l.budgets()) {
            b.append(String.format("| %s | %s on %s | %s | %s | %s |%n", x.budget().journey(), faultClassId(x.budget().faultClass()), x.target(),
                    level(x, x.budget().noEffect()), level(x, x.budget().significant()), level(x, x.budget().disabling())));
        }
        if (!l.mechanisms().isEmpty()) {
            b.append("\n## Why: inferred mechanisms\n\n");
            l.mechanisms().forEach(x -> b.append("- ").append(x.text()).append('\n'));
        }
        b.append("\n## Resilience scores\n\n");
        l.scores().forEach(s -> b.append("- ").append(scoreLine(s).trim()).append('\n'));
        b.append("\nFirst seen during an experiment: ").append(l.discovered().isEmpty() ? "nothing" : String.join(", ", l.discovered())).append('\n');
        return b.toString();
    }

    static String html(Learned l) {
        StringBuilder h = new StringBuilder("<h2>Findings</h2>\n<table id=\"findings\"><tr><th>edge</th><th>fault class</th><th>tested at</th>"
                + "<th>finding</th><th>probability</th></tr>\n");
        for (Finding f : l.findings()) {
            h.append("<tr><td>").append(Reports.esc(f.from() + " → " + f.to())).append("</td><td>").append(faultClassId(f.faultClass()))
                    .append("</td><td>").append(Reports.esc(f.testedAt())).append("</td><td>").append(f.tolerant() ? "tolerant" : "<b>fragile</b>")
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.3f", f.probability())).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Resilience budgets</h2>\n<table id=\"budgets\"><tr><th>journey</th><th>fault</th><th>no effect up to</th>"
                + "<th>significant from</th><th>disabling from</th></tr>\n");
        for (TargetBudget x : l.budgets()) {
            h.append("<tr><td>").append(Reports.esc(x.budget().journey())).append("</td><td>").append(faultClassId(x.budget().faultClass()))
                    .append(" on ").append(Reports.esc(x.target())).append("</td><td>").append(Reports.esc(level(x, x.budget().noEffect())))
                    .append("</td><td>").append(Reports.esc(level(x, x.budget().significant()))).append("</td><td>")
                    .append(Reports.esc(level(x, x.budget().disabling()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (!l.mechanisms().isEmpty()) {
            h.append("<h2>Why: inferred mechanisms</h2>\n<ul id=\"mechanisms\">");
            l.mechanisms().forEach(x -> h.append("<li>").append(Reports.esc(x.text())).append("</li>"));
            h.append("</ul>\n");
        }
        h.append("<h2>Resilience scores</h2>\n<ul>");
        l.scores().forEach(s -> h.append("<li>").append(Reports.esc(scoreLine(s))).append("</li>"));
        h.append("</ul>\n<h2>First seen during an experiment</h2>\n<p id=\"discovered\">")
                .append(Reports.esc(l.discovered().isEmpty() ? "nothing" : String.join(", ", l.discovered()))).append("</p>\n");
        return h.toString();
    }

    static void json(Learned l, ObjectNode root) {
        ArrayNode f = root.putArray("findings");
        for (Finding x : l.findings()) {
            f.addObject().put("from", x.from()).put("to", x.to()).put("faultClass", faultClassId(x.faultClass())).put("testedAt", x.testedAt())
                    .put("tolerant", x.tolerant()).put("probability", Math.round(x.probability() * 1000) / 1000.0);
        }
        ArrayNode b = root.putArray("budgets");
        for (TargetBudget x : l.budgets()) {
            ObjectNode n = b.addObject().put("journey", x.budget().journey()).put("target", x.target())
                    .put("faultClass", faultClassId(x.budget().faultClass()));
            put(n, "noEffectUpTo", x, x.budget().noEffect());
            put(n, "significantFrom", x, x.budget().significant());
            put(n, "disablingFrom", x, x.budget().disabling());
        }
        ArrayNode s = root.putArray("scores");
        for (ResilienceScore x : l.scores()) s.addObject().put("journey", x.name()).put("score", x.score()).put("uncertainty", x.uncertainty());
        ArrayNode m = root.putArray("mechanisms");
        for (EdgeExplanation x : l.mechanisms()) {
            m.addObject().put("from", x.caller()).put("to", x.callee()).put("mechanism", x.mechanism().describe())
                    .put("probability", Math.round(x.probability() * 1000) / 1000.0).put("confident", x.confident())
                    .put("inputsSeen", x.inputsSeen()).put("text", x.text());
        }
        ArrayNode d = root.putArray("discovered");
        l.discovered().forEach(d::add);
    }

    private static void put(ObjectNode n, String field, TargetBudget b, OptionalInt level) {
        if (level.isPresent()) n.put(field, b.label(level.getAsInt()));
        else n.putNull(field);
    }
}
