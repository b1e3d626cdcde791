package dev.assay.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.format.CandidateJson;
import dev.assay.journal.Journal;
import dev.assay.planner.Candidate;
import dev.assay.planner.Plan;
import dev.assay.telemetry.BudgetStatus;
import java.util.List;
import java.util.Map;

/** The API's JSON bodies, built field by field (absent values are JSON null). */
final class Views {
    static final ObjectMapper JSON = new ObjectMapper();

    private Views() {
    }

    /** Every intent's candidate and the {@code top} best runnable generated ones, in plan order. */
    static ObjectNode plan(Plan plan, Map<String, List<String>> stale, int top) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode cands = root.putArray("candidates");
        int generated = 0;
        for (Candidate c : plan.candidates()) {
            if (c.intent().isEmpty() && (!c.runnable() || generated++ >= top)) continue;
            CandidateJson.write(cands.addObject(), c);
        }
        ArrayNode redundant = root.putArray("redundant");
        plan.redundant().forEach(r -> redundant.addObject().put("intent", r.intent()).put("pHolds", r.pHolds()));
        ObjectNode st = root.putObject("stale");
        stale.forEach((id, reasons) -> {
            ArrayNode a = st.putArray(id);
            reasons.forEach(a::add);
        });
        root.putObject("stats").put("candidates", plan.stats().candidates()).put("planMillis", plan.stats().planMillis());
        return root;
    }

    static ObjectNode decision(Journal.Decision d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("at", d.at().toString());
        o.put("action", d.action());
        d.intentId().ifPresentOrElse(i -> o.put("intent", i), () -> o.putNull("intent"));
        d.experimentId().ifPresentOrElse(i -> o.put("experimentId", i), () -> o.putNull("experimentId"));
        o.put("reason", d.reason());
        return o;
    }

    static ObjectNode freeze(Freeze.Status s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("frozen", s.frozen());
        s.manual().ifPresentOrElse(m -> o.putObject("manual").put("reason", m.reason()).put("since", m.since().toString()), () -> o.putNull("manual"));
        ArrayNode a = o.putArray("automatic");
        s.automatic().forEach(a::add);
        s.why().ifPresentOrElse(w -> o.put("why", w), () -> o.putNull("why"));
        return o;
    }

    static ObjectNode live(LiveRun l) {
        ObjectNode o = JSON.createObjectNode();
        o.put("seq", l.seq());
        o.put("experimentId", l.experimentId());
        o.put("intent", l.intentId());
        o.put("phase", l.phase());
        o.put("detail", l.detail());
        ArrayNode gs = o.putArray("guards");
        for (LiveRun.GuardValue g : l.guards()) {
            ObjectNode x = gs.addObject().put("sli", g.sli()).put("origin", g.origin()).put("trigger", g.trigger()).put("threshold", g.threshold())
                    .put("unit", g.unit());
            g.value().ifPresentOrElse(v -> x.put("value", v), () -> x.putNull("value"));
            g.readAt().ifPresentOrElse(v -> x.put("readAt", v.toString()), () -> x.putNull("readAt"));
        }
        l.secondsLeft().ifPresentOrElse(s -> o.put("secondsLeft", s), () -> o.putNull("secondsLeft"));
        o.put("updatedAt", l.updatedAt().toString());
        return o;
    }

    /** One SLO's error budget: remaining share, burn rates, or why it is unknown. */
    static ObjectNode budget(BudgetStatus s) {
        ObjectNode o = JSON.createObjectNode().put("slo", s.slo().name()).put("sli", s.slo().sli());
        switch (s) {
            case BudgetStatus.Known k -> {
                o.put("known", true).put("remaining", k.remaining()).put("errorRatio", k.errorRatio()).put("basedOn", k.basedOn());
                ArrayNode rates = o.putArray("burnRates");
                k.burnRates().forEach(r -> rates.addObject().put("name", r.name()).put("longWindowSeconds", r.longWindow().toSeconds())
                        .put("longRate", r.longRate()).put("shortWindowSeconds", r.shortWindow().toSeconds()).put("shortRate", r.shortRate())
                        .put("factor", r.factor()).put("firing", r.firing()));
            }
            case BudgetStatus.Unknown u -> o.put("known", false).put("reason", u.reason());
        }
        return o;
    }

    static ObjectNode error(ApiException e) {
        return JSON.createObjectNode().put("error", e.getMessage()).put("where", e.where()).put("hint", e.hint());
    }
}
