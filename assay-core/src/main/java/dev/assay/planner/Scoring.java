package dev.assay.planner;

import static dev.assay.planner.DefaultPlanner.C;
import static dev.assay.planner.DefaultPlanner.CLASSES;
import static dev.assay.planner.DefaultPlanner.K;

import dev.assay.belief.Belief;
import dev.assay.belief.ChaosScale;
import dev.assay.belief.ExactPropagation;
import dev.assay.belief.Propagation;
import dev.assay.belief.SystemGraph;
import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Per-plan scoring state over every generated candidate {@code idx = (service * C + class) * K + level}:
 * EIG and cost accumulated journey by journey (one {@link Propagation#downward} pass per journey × class
 * gives P(journey degrades | fault at v, level L) for all its services and levels at once), and the
 * predicted involvement of each exclusion zone (one pass per zone × class).
 */
final class Scoring {
    static final int ENUMERATE_EDGES = 16;
    static final int SAMPLES = 1024;

    final Belief belief;
    final SystemGraph g;
    final PlanRequest req;
    final double fp;
    final double fn;
    final double[] w;
    final double[] share;
    final double[][] cdf = new double[C][];
    final double[] eig;
    /** The update-aware slot bits of every candidate ({@link SlotInformation}); null when its weight is 0. */
    final double[] slotBits;
    /** Expected blast radius (services besides the target) of every candidate, from the same upward pass; null with slotBits. */
    final double[] radius;
    final double[] cost;
    final double[] score;
    final double[] involvement;
    final boolean[] covered;
    final boolean[] zone;
    final boolean[] degraded;
    final int[] zones;
    final Propagation prop;
    final ExactPropagation exact;

    /** When present, generated candidates' EIG is information about edge mechanisms (see {@link Planner#create(Belief, List, dev.assay.belief.MechanismBelief)}). */
    final Optional<dev.assay.belief.MechanismBelief> mechanisms;
    /** Most edges of a caller cone stage 2 looks at. */
    static final int CONE_EDGES = 256;

    Scoring(Belief belief, PlanRequest req, Set<String> zoneNames) {
        this(belief, req, zoneNames, Optional.empty());
    }

    Scoring(Belief belief, PlanRequest req, Set<String> zoneNames, Optional<dev.assay.belief.MechanismBelief> mechanisms) {
        this.mechanisms = mechanisms;
        this.belief = belief;
        this.g = belief.graph();
        this.req = req;
        this.fp = belief.settings().falsePositive();
        this.fn = belief.settings().falseNegative();
        int n = g.serviceCount();
        int jn = g.journeyCount();
        w = new double[jn];
        share = new double[jn];
        double wSum = 0;
        double sSum = 0;
        for (int j = 0; j < jn; j++) {
            double mix = req.trafficMix().isEmpty() ? 1.0 : req.trafficMix().getOrDefault(g.journeyName(j), 0.0);
            w[j] = g.journeyWeight(j) * mix;
            share[j] = req.trafficMix().isEmpty() ? g.journeyWeight(j) : mix;
            wSum += w[j];
            sSum += share[j];
        }
        for (int j = 0; j < jn; j++) {
            w[j] = wSum > 0 ? w[j] / wSum : 0;
            share[j] = sSum > 0 ? share[j] / sSum : 0;
        }
        for (FaultClass c : CLASSES) cdf[c.ordinal()] = belief.cdfTable(c);
        eig = new double[n * C * K];
        slotBits = req.slotInformationWeight() > 0 ? new double[n * C * K] : null;
        radius = slotBits == null ? null : new double[n * C * K];
        cost = new double[n * C * K];
        score = new double[n * C * K];
        covered = new boolean[n];
        zone = new boolean[n];
        degraded = new boolean[n];
        zones = zoneNames.stream().map(g::service).filter(java.util.OptionalInt::isPresent).mapToInt(java.util.OptionalInt::getAsInt).toArray();
        for (int z : zones) zone[z] = true;
        for (String d : req.degradedServices()) g.service(d).ifPresent(i -> degraded[i] = true);
        involvement = zones.length == 0 ? null : new double[n * C * K];
        prop = Propagation.on(g);
        exact = ExactPropagation.on(g);
    }

    /** The approximate pass over every journey and exclusion zone. */
    void bulk() {
        double hfp = Eig.h(fp);
        double hfn = Eig.h(fn);
        for (int c = 0; c < C; c++) {
            for (int j = 0; j < g.journeyCount(); j++) {
                if (w[j] == 0 && share[j] == 0) continue;
                prop.downward(cdf[c], g.journeyEntry(j), j);
                for (int i = 0; i < prop.visitedCount(); i++) {
                    int v = prop.visited(i);
                    covered[v] = true;
                    int b = (v * C + c) * K;
                    for (int l = 0; l < K; l++) {
                        double p = prop.value(v, l);
                        if (p <= 0) continue;
                        eig[b + l] += w[j] * Eig.binary(p, fp, fn, hfp, hfn);
                        cost[b + l] += share[j] * p;
                    }
                }
            }
            if (slotBits != null) {
                SlotInformation si = new SlotInformation(g, fp, fn);
                for (int v = 0; v < g.serviceCount(); v++) {
                    if (!covered[v]) continue;
                    for (int l = 0; l < K; l++) {
                        int idx = (v * C + c) * K + l;
                        slotBits[idx] = si.bits(cdf[c], v, l);
                        radius[idx] = si.lastBlastRadius();
                        eig[idx] += req.slotInformationWeight() * slotBits[idx];
                    }
                }
            }
            if (mechanisms.isPresent()) {
                for (int v = 0; v < g.serviceCount(); v++) {
                    if (!covered[v]) continue;
                    for (int l = 0; l < K; l++) eig[(v * C + c) * K + l] = mechanisms.get().inEdgeBits(v, CLASSES[c], l, req.latencyScope());
                }
            }
            for (int z : zones) {
                prop.downward(cdf[c], z, -1);
                for (int i = 1; i < prop.visitedCount(); i++) {
                    int v = prop.visited(i);
                    int b = (v * C + c) * K;
                    for (int l = 0; l < K; l++) involvement[b + l] = Math.max(involvement[b + l], prop.value(v, l));
                }
            }
        }
    }

    double scopeFraction(int c, int l) {
        return CLASSES[c] == FaultClass.LATENCY ? req.latencyScope().fraction() : ChaosScale.value(CLASSES[c], l);
    }

    double allowed() {
        return req.remainingBudgetMinutes() * req.generatedBudgetFraction();
    }

    double expectedCost(int idx) {
        int c = (idx / K) % C;
        return cost[idx] * scopeFraction(c, idx % K) * DefaultPlanner.minutes(req.generatedDuration());
    }

    void scoreApprox(int idx) {
        score[idx] = eig[idx] / (expectedCost(idx) + req.overheadMinutes());
    }

    boolean cheapBlocked(int idx) {
        int v = idx / (C * K);
        return zone[v] || degraded[v] || (involvement != null && involvement[idx] > req.involvementThreshold())
                || expectedCost(idx) > allowed() || (radius != null && radius[idx] > req.maxBlastRadius());
    }

    /** Journeys containing {@code v} with their P(degrades): exact or Monte-Carlo ({@link ExactPropagation}). */
    Map<Integer, Double> journeyImpact(int c, int v, int l, boolean exact) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < g.journeyCount(); j++) {
            if ((w[j] == 0 && share[j] == 0) || !g.journeyContains(j, v)) continue;
            double p;
            if (exact) {
                long seed = req.seed() * 1_000_003L + ((long) ((v * C + c) * K + l) << 20) + j;
                p = this.exact.reach(j, -1, v, cdf[c], l, ENUMERATE_EDGES, SAMPLES, seed);
            } else {
                prop.downward(cdf[c], g.journeyEntry(j), j);
                p = prop.wasVisited(v) ? prop.value(v, l) : 0;
            }
            if (p > 0) out.put(j, p);
        }
        return out;
    }

    void scoreExact(int idx) {
        int v = idx / (C * K);
        int c = (idx / K) % C;
        int l = idx % K;
        double e = 0;
        double cs = 0;
        for (Map.Entry<Integer, Double> x : journeyImpact(c, v, l, true).entrySet()) {
            e += w[x.getKey()] * Eig.binary(x.getValue(), fp, fn);
            cs += share[x.getKey()] * x.getValue();
        }
        eig[idx] = e + (slotBits == null ? 0 : req.slotInformationWeight() * slotBits[idx]);
        if (mechanisms.isPresent()) {
            eig[idx] = mechanisms.get().coneBits(ChaosScale.fault(CLASSES[c], g.serviceName(v), l, req.latencyScope()), req.latencyScope(), CONE_EDGES);
        }
        cost[idx] = cs;
        scoreApprox(idx);
    }

    /** The full candidate: fault, blast radius, every constraint that blocks it, and what it resolves. */
    Candidate materialise(int idx) {
        int v = idx / (C * K);
        int c = (idx / K) % C;
        int l = idx % K;
        FaultClass fc = CLASSES[c];
        Fault fault = ChaosScale.fault(fc, g.serviceName(v), l, req.latencyScope());
        Map<String, Double> radius = blastRadius(c, v, l);
        List<String> blockedBy = new ArrayList<>();
        if (zone[v]) blockedBy.add("exclusion-zone: " + g.serviceName(v) + " is an exclusion zone");
        if (involvement != null && involvement[idx] > req.involvementThreshold()) {
            blockedBy.add(String.format(java.util.Locale.ROOT, "zone-involvement: an exclusion zone degrades with P=%.3f > %.3f",
                    involvement[idx], req.involvementThreshold()));
        }
        for (int z : zones) {
            double pz = radius.getOrDefault(g.serviceName(z), 0.0);
            boolean counted = involvement != null && involvement[idx] > req.involvementThreshold();
            if (z != v && !counted && pz > req.involvementThreshold()) {
                blockedBy.add(String.format(java.util.Locale.ROOT, "zone-involvement: %s degrades with P=%.3f > %.3f",
                        g.serviceName(z), pz, req.involvementThreshold()));
            }
        }
        if (degraded[v]) blockedBy.add("target-degraded: " + g.serviceName(v) + " is already degraded");
        double ec = expectedCost(idx);
        if (ec > allowed()) blockedBy.add(String.format(java.util.Locale.ROOT, "budget: expected cost %.4f > allowed %.4f", ec, allowed()));
        double size = radius.entrySet().stream().filter(e -> !e.getKey().equals(g.serviceName(v))).mapToDouble(Map.Entry::getValue).sum();
        if (size > req.maxBlastRadius()) {
            blockedBy.add(String.format(java.util.Locale.ROOT, "blast-radius: %.1f services expected to degrade > %.1f", size, req.maxBlastRadius()));
        }
        String id = fault.type().id() + ":" + g.serviceName(v) + "@" + ChaosScale.label(fc, l).replace(' ', '-');
        String resolves = resolves(c, v, l, ChaosScale.label(fc, l));
        return new Candidate(id, Optional.empty(), fault, eig[idx], ec, score[idx], top(radius, 25), blockedBy.isEmpty(), blockedBy, resolves);
    }

    /** P(degrades) of every service the fault may reach upwards (the target has 1). */
    Map<String, Double> blastRadius(int c, int v, int l) {
        prop.upward(cdf[c], v, l);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < prop.visitedCount(); i++) {
            int x = prop.visited(i);
            double p = prop.value(x, l);
            if (p >= 1e-4) out.put(g.serviceName(x), p);
        }
        return out;
    }

    String resolves(int c, int v, int l, String label) {
        Map<Integer, Double> impact = journeyImpact(c, v, l, false);
        List<Map.Entry<Integer, Double>> es = new ArrayList<>(impact.entrySet());
        es.sort(Comparator.<Map.Entry<Integer, Double>>comparingDouble(e -> -w[e.getKey()] * Eig.binary(e.getValue(), fp, fn))
                .thenComparing(Map.Entry::getKey));
        if (es.isEmpty()) return "no journey uses " + g.serviceName(v) + ": teaches nothing about journey impact";
        StringBuilder sb = new StringBuilder("whether ");
        for (int i = 0; i < Math.min(3, es.size()); i++) {
            if (i > 0) sb.append(", ");
            sb.append(g.journeyName(es.get(i).getKey())).append(String.format(java.util.Locale.ROOT, " (P=%.2f)", es.get(i).getValue()));
        }
        if (es.size() > 3) sb.append(" and ").append(es.size() - 3).append(" more");
        return sb.append(" degrade when ").append(g.serviceName(v)).append(" gets ").append(label).toString();
    }

    static Map<String, Double> top(Map<String, Double> m, int n) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(n).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
