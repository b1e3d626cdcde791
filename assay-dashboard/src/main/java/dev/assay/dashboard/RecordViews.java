package dev.assay.dashboard;

import static dev.assay.dashboard.Html.esc;
import static dev.assay.dashboard.Html.num;

import dev.assay.belief.Finding;
import dev.assay.belief.ResilienceScore;
import dev.assay.belief.TargetBudget;
import dev.assay.model.Incident;
import dev.assay.runner.Learned;
import dev.assay.runner.LearnedText;
import dev.assay.runner.Reports;
import dev.assay.verdict.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/** The bodies of the pages over the journal's records: history (outcomes, learning curve), findings, budgets and scores. */
final class RecordViews {
    private final DashboardModel model;

    RecordViews(DashboardModel model) {
        this.model = model;
    }

    String history() {
        List<Outcome> outcomes = model.outcomes();
        double bits = outcomes.stream().mapToDouble(Outcome::bitsGained).sum();
        double budget = outcomes.stream().mapToDouble(Outcome::budgetConsumed).sum();
        StringBuilder b = new StringBuilder("<p class=\"summary\" id=\"history-summary\">").append(outcomes.size()).append(" experiments");
        for (String k : List.of("SUPPORTED", "REFUTED", "INCONCLUSIVE", "ABORTED")) {
            long n = outcomes.stream().filter(o -> o.verdict().kind().equals(k)).count();
            if (n > 0) b.append(", ").append(n).append(' ').append(k.toLowerCase(java.util.Locale.ROOT));
        }
        b.append("; learned ").append(num("%.3f", bits)).append(" bits; spent ").append(num("%.4f", budget * 100)).append("% of the error budget.</p>\n");
        if (outcomes.isEmpty()) return b.append("<p class=\"empty\">No outcomes in the journal yet.</p>\n").toString();
        b.append("<h2>Learning curve</h2>\n<p class=\"legend\">Bits learned and error budget spent, summed over the experiments in order.</p>\n")
                .append("<div id=\"history-chart\"></div>\n<h2>Outcomes</h2>\n<table id=\"outcomes\"><thead><tr><th>ended</th><th>intent</th>")
                .append("<th>verdict</th><th>reason</th><th class=\"wide\">evidence</th><th>bits</th><th>budget</th><th>blast radius predicted → actual</th>")
                .append("</tr></thead><tbody>\n");
        for (Outcome o : outcomes.reversed()) {
            b.append("<tr data-experiment=\"").append(esc(o.experimentId())).append("\"><td>").append(Html.time(o.endedAt())).append("<br><small>")
                    .append(Duration.between(o.startedAt(), o.endedAt()).toSeconds()).append(" s</small></td><td>").append(esc(o.intentId()))
                    .append("</td><td class=\"nowrap ").append(o.verdict().kind()).append("\">").append(o.verdict().kind()).append("</td><td>")
                    .append(esc(o.verdictReason().orElse(""))).append(o.abortLatency().map(d -> "<br><small>abort latency " + d.toMillis() + " ms</small>")
                            .orElse("")).append("</td><td><pre>").append(esc(Reports.evidenceText(o).strip())).append("</pre></td><td class=\"num\">")
                    .append(num("%.3f", o.bitsGained())).append("</td><td class=\"num\">").append(num("%.4f%%", o.budgetConsumed() * 100)).append("</td><td>")
                    .append(esc(String.join(", ", o.predictedBlastRadius()))).append(" → ").append(esc(String.join(", ", o.actualBlastRadius())))
                    .append("</td></tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }

    String findings() {
        DashboardBeliefs beliefs = model.beliefs();
        Learned l = beliefs.learned();
        StringBuilder b = new StringBuilder("<p class=\"summary\">What the beliefs now say about each edge into a tested service (the latest test of ")
                .append("an edge × fault class wins), and whether an experiment or a real incident taught it.</p>\n<table id=\"findings\"><thead><tr>")
                .append("<th>edge</th><th>fault class</th><th>tested at</th><th>finding</th><th>probability</th><th>learned from</th></tr></thead><tbody>\n");
        for (Finding f : l.findings()) {
            String finding = f.tolerant() ? "tolerant" : "fragile";
            java.util.Optional<String> incident = beliefs.incident(f);
            b.append("<tr").append(incident.isPresent() ? " class=\"from-incident\"" : "").append("><td>").append(esc(f.from() + " → " + f.to()))
                    .append("</td><td>").append(LearnedText.faultClassId(f.faultClass())).append("</td><td>").append(esc(f.testedAt()))
                    .append("</td><td class=\"nowrap ").append(finding).append("\">").append(finding).append("</td><td class=\"num\">")
                    .append(num("%.3f", f.probability())).append("</td><td class=\"nowrap\">")
                    .append(incident.map(i -> Views.incidentBadges(List.of(i)).strip()).orElse("experiment")).append("</td></tr>\n");
        }
        if (l.findings().isEmpty()) b.append("<tr><td colspan=\"6\" class=\"empty\">none: no experiment has observed anything yet</td></tr>\n");
        b.append("</tbody></table>\n<h2>First seen during an experiment</h2>\n<p id=\"discovered\">")
                .append(esc(l.discovered().isEmpty() ? "nothing" : String.join(", ", l.discovered()))).append("</p>\n");
        return b.append(incidents()).toString();
    }

    /** The incidents in the journal: what each postmortem said, and whether it is still open. */
    private String incidents() {
        List<Incident> incidents = model.incidents();
        StringBuilder b = new StringBuilder("<h2>Incidents</h2>\n");
        if (incidents.isEmpty()) {
            return b.append("<p class=\"empty\" id=\"no-incidents\">No incidents journaled (<code>assay incident add</code> teaches the belief ")
                    .append("a postmortem's facts).</p>\n").toString();
        }
        b.append("<p class=\"summary\">Postmortem facts the belief learned from (an incident counts less than an experiment).</p>\n")
                .append("<table id=\"incidents\"><thead><tr><th>incident</th><th>fault</th><th>degraded</th><th>began</th><th>state</th>")
                .append("<th class=\"wide\">summary</th></tr></thead><tbody>\n");
        for (Incident i : incidents) {
            String magnitude = i.magnitude().isPresent() ? " (magnitude " + dev.assay.model.Quantities.readable(i.magnitude().getAsDouble(), 4) + ")" : "";
            b.append("<tr><td class=\"nowrap\">").append(esc(i.id())).append("</td><td>").append(LearnedText.faultClassId(i.faultClass())).append(magnitude)
                    .append(" on ").append(esc(i.service())).append("</td><td>").append(esc(i.degraded().isEmpty() ? "nothing" : String.join(", ", i.degraded())))
                    .append("</td><td class=\"nowrap\">").append(Html.time(i.at())).append("</td><td class=\"nowrap\">")
                    .append(i.resolvedAt().map(t -> "resolved " + Html.time(t)).orElse("open")).append("</td><td>").append(esc(i.summary()))
                    .append("</td></tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }

    String budgets() {
        Learned l = model.beliefs().learned();
        StringBuilder b = new StringBuilder("<h2>Resilience scores</h2>\n<p class=\"summary\">Per journey, the share of faults (every service it ")
                .append("reaches × fault class × level) it is believed to survive, ± the uncertainty of that belief.</p>\n")
                .append("<table id=\"scores\"><thead><tr><th>journey</th><th>score</th><th class=\"wide\"></th></tr></thead><tbody>\n");
        for (ResilienceScore s : l.scores()) {
            double lo = Math.max(0, s.score() - s.uncertainty());
            double hi = Math.min(1, s.score() + s.uncertainty());
            b.append("<tr><td>").append(esc(s.name())).append("</td><td class=\"num\">").append(num("%.3f", s.score())).append(" ± ")
                    .append(num("%.3f", s.uncertainty())).append("</td><td><div class=\"bar\"><div class=\"bar-fill\" style=\"width:")
                    .append(num("%.1f", s.score() * 100)).append("%\"></div><div class=\"bar-range\" style=\"left:").append(num("%.1f", lo * 100))
                    .append("%;width:").append(num("%.1f", (hi - lo) * 100)).append("%\"></div></div></td></tr>\n");
        }
        if (l.scores().isEmpty()) b.append("<tr><td colspan=\"3\" class=\"empty\">no scores yet: nothing has been tested</td></tr>\n");
        b.append("</tbody></table>\n<h2>Resilience budgets</h2>\n<p class=\"summary\">How much of a fault on a tested service each journey using it ")
                .append("takes: no effect up to, a significant effect from, disabled from (\"-\": no level of the scale).</p>\n")
                .append("<table id=\"budgets\"><thead><tr><th>journey</th><th>fault</th><th>no effect up to</th><th>significant from</th>")
                .append("<th>disabling from</th></tr></thead><tbody>\n");
        for (TargetBudget x : l.budgets()) {
            b.append("<tr><td>").append(esc(x.budget().journey())).append("</td><td>").append(LearnedText.faultClassId(x.budget().faultClass()))
                    .append(" on ").append(esc(x.target())).append("</td><td>").append(esc(level(x, x.budget().noEffect()))).append("</td><td>")
                    .append(esc(level(x, x.budget().significant()))).append("</td><td>").append(esc(level(x, x.budget().disabling()))).append("</td></tr>\n");
        }
        if (l.budgets().isEmpty()) b.append("<tr><td colspan=\"5\" class=\"empty\">no budgets yet: nothing has been tested</td></tr>\n");
        return b.append("</tbody></table>\n").toString();
    }

    private static String level(TargetBudget b, OptionalInt level) {
        return level.isPresent() ? b.label(level.getAsInt()) : "-";
    }
}
