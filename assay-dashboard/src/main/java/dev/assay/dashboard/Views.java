package dev.assay.dashboard;

import static dev.assay.dashboard.Html.esc;
import static dev.assay.dashboard.Html.num;

import dev.assay.planner.Candidate;
import dev.assay.planner.Plan;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The dashboard's pages; the graph, plan and live run here, the journal's records in {@link RecordViews}. */
final class Views {
    static final String CYTOSCAPE = "/webjars/cytoscape/3.2.5/dist/cytoscape.min.js";
    static final String UPLOT = "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js";
    static final String UPLOT_CSS = "/webjars/uplot/1.6.30/dist/uPlot.min.css";

    /** Blocked candidates listed on the plan page (intents first, as the planner orders them). */
    static final int BLOCKED_SHOWN = 25;

    private final String base;
    private final DashboardModel model;
    private final RecordViews records;

    Views(String base, DashboardModel model) {
        this.base = base;
        this.model = model;
        this.records = new RecordViews(model);
    }

    private String page(String view, String title, String body, List<String> styles, List<String> scripts) {
        return Html.page(base, model.systemName(), view, title, body, styles, scripts);
    }

    String graph() {
        StringBuilder b = new StringBuilder();
        List<EdgeBelief> edges = model.beliefs().edges();
        if (model.topology().isEmpty()) {
            b.append("<p class=\"empty\" id=\"no-graph\">No belief snapshot yet: the graph appears after the first experiment's outcome.</p>\n");
            return page("graph", "Dependency graph", b.toString(), List.of(), List.of());
        }
        long fragile = edges.stream().filter(e -> e.standing() == EdgeBelief.Standing.FRAGILE).count();
        long tolerant = edges.stream().filter(e -> e.standing() == EdgeBelief.Standing.TOLERANT).count();
        b.append("<p class=\"summary\">").append(model.topology().get().services().size()).append(" services, ").append(edges.size())
                .append(" edges: ").append(fragile).append(" fragile, ").append(tolerant).append(" tolerant, ")
                .append(edges.size() - fragile - tolerant).append(" uncertain. Click an edge for what the beliefs say about it.</p>\n")
                .append("<p class=\"legend\"><span class=\"swatch fragile\"></span>fragile <span class=\"swatch tolerant\"></span>tolerant ")
                .append("<span class=\"swatch uncertain\"></span>uncertain (untested or not yet confident) · dashed: asynchronous · ")
                .append("thick border: a journey's entry</p>\n")
                .append("<div class=\"graph-row\"><div id=\"graph\"></div><aside id=\"edge-detail\"><p>Select an edge.</p></aside></div>\n")
                .append("<h2>Edges</h2>\n");
        Map<String, String> mechanisms = new java.util.HashMap<>();
        edges.forEach(e -> model.inferredMechanism(e.from(), e.to()).ifPresent(m -> mechanisms.put(e.key(), m)));
        if (mechanisms.isEmpty()) b.append("<p class=\"legend\">No edge has an inferred mechanism yet: the tested faults are what is known.</p>\n");
        b.append("<table id=\"edges\"><thead><tr><th>edge</th><th>belief</th><th class=\"wide\">tested</th><th>mechanism</th>")
                .append("</tr></thead><tbody>\n");
        for (EdgeBelief e : edges) {
            String standing = e.standing().name().toLowerCase(Locale.ROOT);
            b.append("<tr data-edge=\"").append(esc(e.key())).append("\"><td class=\"nowrap\">").append(esc(e.from())).append(" → ").append(esc(e.to()))
                    .append(e.sync() ? "" : " (async)").append("</td><td class=\"nowrap ").append(standing).append("\">").append(standing).append("</td><td>")
                    .append(e.tested().isEmpty() ? "untested" : esc(String.join("; ", e.tested())))
                    .append(incidentBadges(e.incidents())).append("</td><td class=\"long mechanism\">")
                    .append(esc(Optional.ofNullable(mechanisms.get(e.key())).orElse("unknown"))).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
        return page("graph", "Dependency graph", b.toString(), List.of(), List.of(CYTOSCAPE, "/assets/graph.js"));
    }

    /** {@code <span class="incident">from incident INC-7</span>} per incident id, or nothing. */
    static String incidentBadges(List<String> incidents) {
        StringBuilder b = new StringBuilder();
        incidents.forEach(i -> b.append(" <span class=\"incident\" title=\"learned from a real incident's postmortem, not an experiment\">from incident ")
                .append(esc(i)).append("</span>"));
        return b.toString();
    }

    String plan() {
        Plan plan = model.plan();
        StringBuilder b = new StringBuilder("<p class=\"summary\">").append(plan.stats().candidates()).append(" candidates evaluated in ")
                .append(plan.stats().planMillis()).append(" ms; ranked by expected information gain (bits) per unit of expected error-budget cost.")
                .append("</p>\n<h2>Runnable</h2>\n<table id=\"candidates\"><thead><tr><th>#</th><th>candidate</th><th>fault</th><th>EIG (bits)</th>")
                .append("<th>expected cost</th><th>score</th><th>predicted blast radius</th><th>resolves</th></tr></thead><tbody>\n");
        int rank = 0;
        for (Candidate c : plan.candidates()) {
            if (!c.runnable()) continue;
            b.append("<tr><td class=\"num\">").append(++rank).append("</td><td class=\"id\">").append(esc(c.intent().map(i -> "intent " + i).orElse(c.id()))).append("</td><td>")
                    .append(esc(fault(c))).append("</td><td class=\"num\">").append(num("%.3f", c.eigBits())).append("</td><td class=\"num\">")
                    .append(num("%.4f", c.expectedCost())).append("</td><td class=\"num\">").append(num("%.1f", c.score())).append("</td><td>")
                    .append(esc(radius(c.predictedBlastRadius()))).append("</td><td class=\"long\">").append(esc(c.resolves())).append("</td></tr>\n");
        }
        if (rank == 0) b.append("<tr><td colspan=\"8\" class=\"empty\">no runnable candidate</td></tr>\n");
        b.append("</tbody></table>\n<h2>Blocked</h2>\n<table id=\"blocked\"><thead><tr><th>candidate</th><th>fault</th><th>why blocked</th></tr></thead><tbody>\n");
        List<Candidate> blocked = plan.candidates().stream().filter(c -> !c.runnable()).toList();
        for (Candidate c : blocked.subList(0, Math.min(BLOCKED_SHOWN, blocked.size()))) {
            b.append("<tr><td>").append(esc(c.intent().map(i -> "intent " + i).orElse(c.id()))).append("</td><td>").append(esc(fault(c)))
                    .append("</td><td>").append(esc(String.join("; ", c.blockedBy()))).append("</td></tr>\n");
        }
        if (blocked.isEmpty()) b.append("<tr><td colspan=\"3\" class=\"empty\">nothing blocked</td></tr>\n");
        if (blocked.size() > BLOCKED_SHOWN) {
            b.append("<tr><td colspan=\"3\" class=\"empty\">and ").append(blocked.size() - BLOCKED_SHOWN).append(" more blocked candidates (`assay plan` lists them all)</td></tr>\n");
        }
        b.append("</tbody></table>\n");
        if (!plan.redundant().isEmpty()) {
            b.append("<h2>Redundant (already near-certain)</h2>\n<ul id=\"redundant\">");
            plan.redundant().forEach(r -> b.append("<li>").append(esc(r.intent())).append(": P(holds) = ").append(num("%.3f", r.pHolds())).append("</li>"));
            b.append("</ul>\n");
        }
        return page("plan", "Plan", b.toString(), List.of(), List.of());
    }

    static String fault(Candidate c) {
        String magnitude = c.fault().peak().values().entrySet().stream().map(e -> e.getKey() + "=" + Math.round(e.getValue()))
                .collect(Collectors.joining(", "));
        return c.fault().type().id() + " on " + c.fault().target() + (magnitude.isEmpty() ? "" : " (" + magnitude + ")")
                + (c.fault().scope().percent() < 100 ? ", " + Math.round(c.fault().scope().percent()) + "% of calls" : "");
    }

    /** The services likely degraded (P ≥ 0.05), most likely first. */
    static String radius(Map<String, Double> p) {
        String s = p.entrySet().stream().filter(e -> e.getValue() >= 0.05).sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + num("%.2f", e.getValue())).collect(Collectors.joining(", "));
        return s.isEmpty() ? "none likely" : s;
    }

    String live() {
        String body = "<p class=\"summary\">Guard values as the runner reads them (every guard period), against their thresholds; "
                + "Stop rolls every fault back and ends the experiment ABORTED.</p>\n"
                + "<div id=\"live\"><p class=\"empty\">loading…</p></div>\n<div id=\"live-chart\"></div>\n";
        return page("live", "Live run", body, List.of(UPLOT_CSS), List.of(UPLOT, "/assets/live.js"));
    }

    String history() {
        return page("history", "History", records.history(), List.of(UPLOT_CSS), List.of(UPLOT, "/assets/history.js"));
    }

    String findings() {
        return page("findings", "Findings", records.findings(), List.of(), List.of());
    }

    String budgets() {
        return page("budgets", "Resilience budgets & scores", records.budgets(), List.of(), List.of());
    }

    String notFound(String route) {
        return page("", "Not found", "<p>No page at " + esc(route) + ". The views are linked above.</p>\n", List.of(), List.of());
    }
}
