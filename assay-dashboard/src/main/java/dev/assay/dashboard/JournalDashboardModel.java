package dev.assay.dashboard;

import static java.util.Objects.requireNonNull;

import dev.assay.belief.Belief;
import dev.assay.journal.Journal;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Topology;
import dev.assay.planner.Candidate;
import dev.assay.planner.Plan;
import dev.assay.planner.PlanRequest;
import dev.assay.planner.Planner;
import dev.assay.runner.BeliefLearner;
import dev.assay.runner.Learned;
import dev.assay.verdict.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The dashboard over a journal alone ({@code assay report --serve}): outcomes, and the findings, budgets, scores, graph
 * and plan of the beliefs the last experiment left (the journal's latest snapshot, restored as {@code assay report}
 * restores it). Intents are not journaled, so the plan ranks the generated candidates (every service × fault class ×
 * level). Mechanism beliefs are not journaled either, so no edge has one here. Nothing is live:
 * {@link #live()} is empty and {@link #stop()} does nothing. The journal is re-read on every call (cheaply: the derived
 * views are recomputed only when an outcome or a snapshot was added), so a page shows what a concurrent
 * {@code assay run} has journaled so far.
 */
public final class JournalDashboardModel implements DashboardModel {
    /** How many runnable candidates the plan shows. */
    static final int PLAN_TOP = 15;

    private final String file;
    private final Clock clock;
    private final AtomicReference<Snapshot> cache = new AtomicReference<>();

    private JournalDashboardModel(String file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** The model over the journal at {@code file}, which must exist. */
    public static JournalDashboardModel open(Path file, Clock clock) {
        return open(requireNonNull(file, "file").toString(), clock);
    }

    /** The model over the journal at {@code location} (a SQLite file or a postgresql:// URL), which must exist. */
    public static JournalDashboardModel open(String location, Clock clock) {
        String file = requireNonNull(location, "location");
        if (!Journal.exists(file)) {
            throw new InvalidInputException("no journal at " + file + "; run `assay run` (or `assay demo`) first, or pass --journal PATH");
        }
        return new JournalDashboardModel(file, requireNonNull(clock, "clock"));
    }

    private record Snapshot(String key, String name, List<Outcome> outcomes, Optional<Topology> topology, Learned learned,
                            List<EdgeBelief> edges, Plan plan) {
    }

    private Snapshot snapshot() {
        List<Outcome> outcomes;
        Optional<String> beliefs;
        try (Journal j = Journal.open(file)) {
            outcomes = j.outcomes();
            beliefs = j.latestBeliefs();
        }
        String key = outcomes.size() + ":" + beliefs.map(String::hashCode).orElse(0);
        Snapshot cached = cache.get();
        if (cached != null && cached.key().equals(key)) return cached;
        Optional<BeliefLearner> learner = beliefs.flatMap(json -> BeliefLearner.restore(json, clock));
        Learned learned = learner.map(l -> Learned.of(l, outcomes)).orElseGet(() -> new Learned(List.of(), List.of(), List.of(),
                Learned.discovered(outcomes)));
        Optional<Belief> belief = learner.map(BeliefLearner::snapshot);
        Optional<Topology> topology = belief.map(b -> b.graph().topology());
        List<EdgeBelief> edges = topology.map(t -> EdgeBeliefs.of(t, learned.findings(), e -> Optional.empty())).orElse(List.of());
        Plan plan = belief.map(b -> entryFaultsLast(Planner.create(b, List.of()).plan(PlanRequest.defaults().withTop(PLAN_TOP * 4 + 8)),
                b.graph().topology())).orElseGet(() -> new Plan(List.of(), List.of(), new Plan.Stats(0, 0)));
        Snapshot s = new Snapshot(key, topology.map(Topology::name).orElse(file.contains("://") ? file.replaceAll("//[^@/]*@", "//") : java.nio.file.Path.of(file).getFileName().toString()), outcomes, topology, learned, edges, plan);
        cache.set(s);
        return s;
    }

    /**
     * As {@code assay plan} ranks: a generated fault on a journey's own entry is certain to degrade it (it teaches about the
     * entry, not how the journey copes with its dependencies), so those go behind every other runnable candidate.
     */
    static Plan entryFaultsLast(Plan plan, Topology topology) {
        java.util.Set<String> entries = new java.util.HashSet<>();
        topology.journeys().forEach(j -> entries.add(j.entry()));
        java.util.function.Predicate<Candidate> onEntry = c -> c.intent().isEmpty() && entries.contains(c.fault().target());
        List<Candidate> out = new java.util.ArrayList<>();
        plan.candidates().stream().filter(Candidate::runnable).filter(onEntry.negate()).forEach(out::add);
        plan.candidates().stream().filter(Candidate::runnable).filter(onEntry).forEach(out::add);
        out = new java.util.ArrayList<>(out.subList(0, Math.min(PLAN_TOP, out.size())));
        plan.candidates().stream().filter(c -> !c.runnable()).forEach(out::add);
        return new Plan(out, plan.redundant(), plan.stats());
    }

    @Override
    public String systemName() {
        return snapshot().name();
    }

    @Override
    public Optional<Topology> topology() {
        return snapshot().topology();
    }

    @Override
    public List<EdgeBelief> edgeBeliefs() {
        return snapshot().edges();
    }

    @Override
    public Plan plan() {
        return snapshot().plan();
    }

    @Override
    public List<Outcome> outcomes() {
        return snapshot().outcomes();
    }

    @Override
    public Learned learned() {
        return snapshot().learned();
    }

    @Override
    public Optional<LiveRun> live() {
        return Optional.empty();
    }

    @Override
    public boolean stop() {
        return false;
    }
}
