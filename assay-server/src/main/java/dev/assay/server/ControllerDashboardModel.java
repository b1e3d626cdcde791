package dev.assay.server;

import static java.util.Objects.requireNonNull;

import dev.assay.dashboard.DashboardModel;
import dev.assay.dashboard.DashboardBeliefs;
import dev.assay.dashboard.EdgeBeliefs;
import dev.assay.dashboard.LiveRun;
import dev.assay.model.Topology;
import dev.assay.model.Incident;
import dev.assay.planner.EntryFaults;
import dev.assay.planner.Plan;
import dev.assay.verdict.Outcome;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The dashboard of {@code assay serve}: the controller's current topology, its plan over the configured intents, the
 * journal's outcomes with what the controller's belief learned from them, and the live run as the controller's runners
 * report it ({@link Controller#dashboardLive()}, which also feeds the Live view's server-sent events); Stop is the
 * controller's stop, which rolls the experiment back. The beliefs are computed as the journal's dashboard computes them
 * ({@link EdgeBeliefs#learn}), the plan trimmed as {@code assay plan} trims it ({@link EntryFaults}); both are recomputed
 * only when an outcome or incident was added, the learner learned, or the topology changed.
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

    private record Snapshot(String key, Topology topology, List<Outcome> outcomes, List<Incident> incidents, DashboardBeliefs beliefs, Plan plan, dev.assay.belief.MechanismBelief mechanisms) {
    }

    private Snapshot snapshot() {
        List<Outcome> outcomes = controller.journal().outcomes();
        List<Incident> incidents = controller.journal().incidents();
        Topology topology = controller.topology();
        String key = outcomes.size() + ":" + incidents.size() + ":" + controller.learner().tested().size() + ":" + System.identityHashCode(topology);
        Snapshot cached = cache.get();
        if (cached != null && cached.key().equals(key) && cached.topology() == topology) return cached;
        DashboardBeliefs beliefs = EdgeBeliefs.learn(Optional.of(controller.learner()), Optional.of(topology), outcomes);
        Snapshot s = new Snapshot(key, topology, outcomes, incidents, beliefs, EntryFaults.last(controller.plan(), topology, PLAN_TOP),
                controller.learner().mechanisms());
        cache.set(s);
        return s;
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
    public DashboardBeliefs beliefs() {
        return snapshot().beliefs();
    }

    @Override
    public Optional<String> inferredMechanism(String from, String to) {
        Snapshot s = snapshot();
        return EdgeBeliefs.mechanismText(Optional.of(s.mechanisms()), Optional.of(s.topology()), from, to);
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
        return controller.dashboardLive().current();
    }

    @Override
    public Optional<AutoCloseable> onLiveChange(Runnable onChange) {
        return Optional.of(controller.dashboardLive().subscribe(onChange));
    }

    @Override
    public boolean stop() {
        return controller.dashboardLive().stop();
    }
}
