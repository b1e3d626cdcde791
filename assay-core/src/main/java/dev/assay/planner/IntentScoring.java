package dev.assay.planner;

import dev.assay.belief.ChaosScale;
import dev.assay.belief.SystemGraph;
import dev.assay.model.Intent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Scores an intent's own fault (always exactly, see {@link Planner}): EIG about journey impact (a ramp
 * counts the step at which each journey first degrades), expected cost over the intent's scope and its
 * exposure ({@code maxDuration}, or the guard window when it has {@code abortWhen} guards), P(hypothesis holds) = P(the target behaviour — a journey, else a service — does not
 * degrade at the peak level), and the hard constraints: every zone of the request (which holds every intent's zones),
 * the intent's budget fraction and its {@code maxBlastRadius} (capping the request's).
 * An intent whose hypothesis outcome carries less than {@link PlanRequest#redundancyBits} is redundant.
 */
final class IntentScoring {
    record Result(Candidate candidate, boolean redundant, double pHolds) {
    }

    private final Scoring s;
    private final PlanRequest req;
    private final SystemGraph g;

    IntentScoring(Scoring s, PlanRequest req) {
        this.s = s;
        this.req = req;
        this.g = s.g;
    }

    Result evaluate(Intent intent) {
        String id = "intent:" + intent.id();
        OptionalInt target = g.service(intent.fault().target());
        int c = intent.fault().type().faultClass().ordinal();
        if (target.isEmpty()) {
            Candidate cand = new Candidate(id, Optional.of(intent.id()), intent.fault(), 0, 0, 0, Map.of(), false,
                    List.of("unknown-target: '" + intent.fault().target() + "' is not a service of the system model"),
                    "nothing: its target is not in the system model");
            return new Result(cand, false, Double.NaN);
        }
        int v = target.getAsInt();
        List<Integer> levels = ChaosScale.levels(intent.fault());
        int peak = levels.stream().mapToInt(Integer::intValue).max().orElseThrow();
        double eig = 0;
        double cost = 0;
        Map<Integer, Double> atPeak = s.journeyImpact(c, v, peak, true);
        for (Map.Entry<Integer, Double> e : atPeak.entrySet()) {
            double[] cum = levels.size() == 1 ? new double[] {e.getValue()} : rampCumulative(c, v, levels, e.getKey());
            eig += s.w[e.getKey()] * Eig.ramp(cum, s.fp, s.fn);
            cost += s.share[e.getKey()] * e.getValue();
        }
        // with the mechanism belief, an intent is worth what its fault (at its peak) teaches about the caller cone's
        // mechanisms: the same scale as the generated candidates' EIG; redundancy is still judged on the journey
        if (s.mechanisms.isPresent()) eig = s.mechanisms.get().coneBits(intent.fault(), s.req.latencyScope(), Scoring.CONE_EDGES);
        java.time.Duration exposure = intent.safety().abortWhen().isEmpty() ? intent.safety().maxDuration()
                : java.util.Collections.min(java.util.List.of(intent.safety().maxDuration(), req.guardWindow()));
        cost *= intent.fault().scope().fraction() * DefaultPlanner.minutes(exposure);
        Map<String, Double> radius = s.blastRadius(c, v, peak);
        double pDegrades = degrades(intent.targetBehavior(), atPeak, radius);
        double pHolds = 1 - pDegrades;
        if (Eig.binary(pDegrades, s.fp, s.fn) < req.redundancyBits() && !Double.isNaN(pDegrades)) {
            return new Result(null, true, pHolds);
        }
        List<String> blockedBy = constraints(intent, v, radius, cost);
        String resolves = String.format(Locale.ROOT, "whether %s holds (P=%.2f)%s", intent.id(), pHolds,
                intent.mechanism().map(m -> ": tests " + m).orElse(""));
        Candidate cand = new Candidate(id, Optional.of(intent.id()), intent.fault(), eig, cost, eig / (cost + req.overheadMinutes()),
                Scoring.top(radius, 25), blockedBy.isEmpty(), blockedBy, resolves);
        return new Result(cand, false, pHolds);
    }

    private double[] rampCumulative(int c, int v, List<Integer> levels, int journey) {
        double[] cum = new double[levels.size()];
        for (int i = 0; i < cum.length; i++) cum[i] = s.journeyImpact(c, v, levels.get(i), true).getOrDefault(journey, 0.0);
        return cum;
    }

    private double degrades(String behavior, Map<Integer, Double> journeys, Map<String, Double> radius) {
        OptionalInt j = g.journey(behavior);
        if (j.isPresent()) return journeys.getOrDefault(j.getAsInt(), 0.0);
        if (g.service(behavior).isPresent()) return radius.getOrDefault(behavior, 0.0);
        return Double.NaN;
    }

    private List<String> constraints(Intent intent, int v, Map<String, Double> radius, double cost) {
        List<String> blockedBy = new ArrayList<>();
        Set<String> zones = new LinkedHashSet<>(req.exclusionZones());
        zones.addAll(intent.safety().exclusionZones());
        String target = g.serviceName(v);
        if (zones.contains(target)) blockedBy.add("exclusion-zone: " + target + " is an exclusion zone");
        for (String z : zones) {
            double p = radius.getOrDefault(z, 0.0);
            if (!z.equals(target) && p > req.involvementThreshold()) {
                blockedBy.add(String.format(Locale.ROOT, "zone-involvement: %s degrades with P=%.3f > %.3f", z, p, req.involvementThreshold()));
            }
        }
        if (s.degraded[v]) blockedBy.add("target-degraded: " + target + " is already degraded");
        double allowed = req.remainingBudgetMinutes() * intent.safety().budgetFraction();
        if (cost > allowed) blockedBy.add(String.format(Locale.ROOT, "budget: expected cost %.4f > allowed %.4f", cost, allowed));
        double size = radius.entrySet().stream().filter(e -> !e.getKey().equals(target)).mapToDouble(Map.Entry::getValue).sum();
        double maxRadius = intent.safety().maxBlastRadius().isPresent()
                ? Math.min(req.maxBlastRadius(), intent.safety().maxBlastRadius().getAsInt()) : req.maxBlastRadius();
        if (size > maxRadius) {
            blockedBy.add(String.format(Locale.ROOT, "blast-radius: %.1f services expected to degrade > %.1f", size, maxRadius));
        }
        if (g.journey(intent.targetBehavior()).isEmpty() && g.service(intent.targetBehavior()).isEmpty()) {
            blockedBy.add("unknown-target-behavior: '" + intent.targetBehavior() + "' is neither a journey nor a service");
        }
        return blockedBy;
    }
}
