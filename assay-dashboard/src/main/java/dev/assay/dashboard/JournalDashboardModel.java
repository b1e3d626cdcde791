package dev.assay.dashboard;

import static java.util.Objects.requireNonNull;

import dev.assay.belief.Belief;
import dev.assay.belief.MechanismBelief;
import dev.assay.journal.Journal;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Topology;
import dev.assay.model.Incident;
import dev.assay.planner.EntryFaults;
import dev.assay.planner.Plan;
import dev.assay.planner.PlanRequest;
import dev.assay.runner.BeliefLearner;
import dev.assay.verdict.Outcome;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The dashboard over a journal alone ({@code assay report --serve}): outcomes, and the findings, budgets, scores, graph
 * and plan of the beliefs the last experiment left (the journal's latest snapshot, restored as {@code assay report}
 * restores it). Intents are not journaled, so the plan ranks the generated candidates (every service × fault class ×
 * level), moved behind the others when on a journey's entry as {@code assay plan} does ({@link EntryFaults}). The
 * inferred mechanisms come from the snapshot's mechanism belief (what the outcomes measured). Incidents are listed, and the findings they
 * taught marked. Nothing is live:
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

    private record Snapshot(String key, String name, List<Outcome> outcomes, List<Incident> incidents, Optional<Topology> topology,
                            DashboardBeliefs beliefs, Plan plan, Optional<MechanismBelief> mechanisms) {
    }

    private Snapshot snapshot() {
        List<Outcome> outcomes;
        Optional<String> beliefs;
        List<Incident> incidents;
        try (Journal j = Journal.open(file)) {
            outcomes = j.outcomes();
            beliefs = j.latestBeliefs();
            incidents = j.incidents();
        }
        String key = outcomes.size() + ":" + incidents.size() + ":" + beliefs.map(String::hashCode).orElse(0);
        Snapshot cached = cache.get();
        if (cached != null && cached.key().equals(key)) return cached;
        Optional<BeliefLearner> learner = beliefs.flatMap(json -> BeliefLearner.restore(json, clock));
        Optional<Belief> belief = learner.map(BeliefLearner::snapshot);
        Optional<Topology> topology = belief.map(b -> b.graph().topology());
        DashboardBeliefs learned = EdgeBeliefs.learn(learner, topology, outcomes);
        // ranked as `assay plan` ranks: on the learner's planner (expected information about the edges' mechanisms)
        Plan plan = learner.map(l -> EntryFaults.last(l.planner(List.of()).plan(PlanRequest.defaults().withTop(PLAN_TOP * 4 + 8)),
                l.snapshot().graph().topology(), PLAN_TOP)).orElseGet(() -> new Plan(List.of(), List.of(), new Plan.Stats(0, 0)));
        String name = topology.map(Topology::name).orElse(file.contains("://") ? file.replaceAll("//[^@/]*@", "//") : Path.of(file).getFileName().toString());
        Snapshot s = new Snapshot(key, name, outcomes, incidents, topology, learned, plan, learner.map(BeliefLearner::mechanisms));
        cache.set(s);
        return s;
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
    public DashboardBeliefs beliefs() {
        return snapshot().beliefs();
    }

    @Override
    public Optional<String> inferredMechanism(String from, String to) {
        Snapshot s = snapshot();
        return EdgeBeliefs.mechanismText(s.mechanisms(), s.topology(), from, to);
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
    public List<Incident> incidents() {
        return snapshot().incidents();
    }

    @Override
    public Optional<LiveRun> live() {
        return Optional.empty();
    }

    /** Empty: nothing is live over a journal alone, so the Live view polls (and says no experiment is live). */
    @Override
    public Optional<AutoCloseable> onLiveChange(Runnable onChange) {
        return Optional.empty();
    }

    @Override
    public boolean stop() {
        return false;
    }
}
