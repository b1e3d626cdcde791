package dev.assay.planner;

import dev.assay.belief.Belief;
import dev.assay.belief.ChaosScale;
import dev.assay.belief.Propagation;
import dev.assay.belief.SystemGraph;
import dev.assay.model.FaultClass;
import dev.assay.model.Intent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/** The planner of {@link Planner}: bulk approximate scoring, exact re-scoring of the best, constraints. */
final class DefaultPlanner implements Planner {
    static final int K = ChaosScale.LEVELS;
    static final FaultClass[] CLASSES = FaultClass.values();
    static final int C = CLASSES.length;

    private final Belief belief;
    private final List<Intent> intents;
    private final SystemGraph g;
    private final Optional<dev.assay.belief.MechanismBelief> mechanisms;

    DefaultPlanner(Belief belief, List<Intent> intents, Optional<dev.assay.belief.MechanismBelief> mechanisms) {
        this.belief = belief;
        this.intents = intents;
        this.g = belief.graph();
        this.mechanisms = mechanisms;
    }

    @Override
    public Plan plan(PlanRequest req) {
        long started = System.nanoTime();
        Scoring s = new Scoring(belief, req, zones(req), mechanisms);
        s.bulk();
        List<Candidate> runnable = new ArrayList<>();
        List<Candidate> blocked = new ArrayList<>();
        int evaluated = generated(s, req, runnable, blocked);
        List<Plan.Redundant> redundant = new ArrayList<>();
        IntentScoring is = new IntentScoring(s, req.withExclusionZones(List.copyOf(zones(req)))); // every intent's zones bind every intent
        for (Intent intent : intents) {
            IntentScoring.Result r = is.evaluate(intent);
            if (r.redundant()) redundant.add(new Plan.Redundant(intent.id(), r.pHolds()));
            else if (r.candidate().runnable()) runnable.add(r.candidate());
            else blocked.add(r.candidate());
        }
        Comparator<Candidate> best = Comparator.comparingDouble(Candidate::score).reversed().thenComparing(Candidate::id);
        runnable.sort(best);
        blocked.sort(best);
        List<Candidate> out = new ArrayList<>(runnable.subList(0, Math.min(req.top(), runnable.size())));
        out.addAll(blocked);
        redundant.sort(Comparator.comparing(Plan.Redundant::intent));
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Plan(out, redundant, new Plan.Stats(evaluated + intents.size(), millis));
    }

    /** Ranks every generated candidate approximately, re-scores the best exactly, applies the constraints. */
    private int generated(Scoring s, PlanRequest req, List<Candidate> runnable, List<Candidate> blocked) {
        int pool = Math.max(req.top(), 3 * req.exactTop()) + req.top();
        Comparator<Integer> byScore = Comparator.<Integer>comparingDouble(i -> s.score[i]).thenComparing(i -> -i);
        PriorityQueue<Integer> good = new PriorityQueue<>(byScore);
        PriorityQueue<Integer> bad = new PriorityQueue<>(byScore);
        int evaluated = 0;
        for (int v = 0; v < g.serviceCount(); v++) {
            if (!s.covered[v]) continue;
            for (int c = 0; c < C; c++) {
                for (int l = 0; l < K; l++) {
                    int idx = (v * C + c) * K + l;
                    evaluated++;
                    s.scoreApprox(idx);
                    keep(s.cheapBlocked(idx) ? bad : good, idx, s.score, s.cheapBlocked(idx) ? req.top() : pool);
                }
            }
        }
        List<Integer> ranked = drain(good);
        int exact = Math.min(ranked.size(), 3 * req.exactTop());
        for (int i = 0; i < exact; i++) s.scoreExact(ranked.get(i));
        List<Integer> head = new ArrayList<>(ranked.subList(0, exact));
        head.sort(Comparator.<Integer>comparingDouble(i -> -s.score[i]).thenComparing(i -> i));
        List<Integer> order = new ArrayList<>(head);
        order.addAll(ranked.subList(exact, ranked.size()));
        int found = 0;
        for (int idx : order) {
            if (found >= req.top()) break;
            Candidate cand = s.materialise(idx);
            if (cand.runnable()) {
                runnable.add(cand);
                found++;
            } else {
                blocked.add(cand);
            }
        }
        for (int idx : drain(bad)) blocked.add(s.materialise(idx));
        return evaluated;
    }

    private static void keep(PriorityQueue<Integer> heap, int idx, double[] score, int size) {
        if (heap.size() < size) {
            heap.add(idx);
        } else {
            int worst = heap.peek();
            if (score[idx] > score[worst] || (score[idx] == score[worst] && idx < worst)) {
                heap.poll();
                heap.add(idx);
            }
        }
    }

    private static List<Integer> drain(PriorityQueue<Integer> heap) {
        List<Integer> out = new ArrayList<>(heap.size());
        while (!heap.isEmpty()) out.add(heap.poll());
        java.util.Collections.reverse(out);
        return out;
    }

    private Set<String> zones(PlanRequest req) {
        Set<String> z = new LinkedHashSet<>(req.exclusionZones());
        for (Intent i : intents) z.addAll(i.safety().exclusionZones());
        return z;
    }

    static double minutes(Duration d) {
        return d.toNanos() / 60e9;
    }

    static Optional<String> none() {
        return Optional.empty();
    }
}
