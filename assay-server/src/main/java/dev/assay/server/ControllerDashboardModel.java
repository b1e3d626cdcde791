package dev.assay.server;

import static java.util.Objects.requireNonNull;

import dev.assay.dashboard.DashboardModel;
import dev.assay.dashboard.EdgeBelief;
import dev.assay.dashboard.EdgeBeliefs;
import dev.assay.dashboard.LiveRun;
import dev.assay.model.Topology;
import dev.assay.planner.Candidate;
import dev.assay.planner.Plan;
import dev.assay.runner.Learned;
import dev.assay.verdict.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The dashboard of {@code assay serve}: the controller's current topology, its plan over the configured intents, the
 * journal's outcomes with what the controller's belief learned from them, and the live run as the controller's runners
 * report it ({@link Controller#dashboardLive()}); Stop is the controller's stop, which rolls the experiment back. The
 * derived views are recomputed only when an outcome was added or the topology changed.
 */
public final class ControllerDashboardModel implements DashboardModel {
    /** How many runnable candidates the plan page shows (then every blocked one). */
    static final int PLAN_TOP = 15;

    private final Controller controller;
    private final AtomicReference<Snapshot> cache = new AtomicReference<>();

    private ControllerDashboardModel(Controller controller) {
        this.controller = controller;
    }

    public static ControllerDashboardModel of(Controller controller) {
        return new ControllerDashboardModel(requireNonNull(controller, "controller"));
    }

    private record Snapshot(int outcomeCount, Topology topology, List<Outcome> outcomes, Learned learned, List<EdgeBelief> edges, Plan plan) {
    }

    private Snapshot snapshot() {
        List<Outcome> outcomes = controller.journal().outcomes();
        Topology topology = controller.topology();
        Snapshot cached = cache.get();
        if (cached != null && cached.outcomeCount() == outcomes.size() && cached.topology() == topology) return cached;
        Learned learned = Learned.of(controller.learner(), outcomes);
        List<EdgeBelief> edges = EdgeBeliefs.of(topology, learned.findings(), e -> Optional.empty());
        Snapshot s = new Snapshot(outcomes.size(), topology, outcomes, learned, edges, trimmed(controller.plan()));
        cache.set(s);
        return s;
    }

    /** The best {@link #PLAN_TOP} runnable candidates, then every blocked one (with why). */
    static Plan trimmed(Plan plan) {
        List<Candidate> out = new ArrayList<>(plan.candidates().stream().filter(Candidate::runnable).limit(PLAN_TOP).toList());
        plan.candidates().stream().filter(c -> !c.runnable()).forEach(out::add);
        return new Plan(out, plan.redundant(), plan.stats());
    }

    @Override
    public String systemName() {
        return controller.system().name();
    }

    @Override
    public Optional<Topology> topology() {
        return Optional.of(controller.topology());
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
        return controller.dashboardLive().current();
    }

    @Override
    public boolean stop() {
        return controller.dashboardLive().stop();
    }
}
