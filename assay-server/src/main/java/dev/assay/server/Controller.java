package dev.assay.server;

import static java.util.Objects.requireNonNull;

import dev.assay.journal.Journal;
import dev.assay.model.Intent;
import dev.assay.model.SystemConfig;
import dev.assay.model.Topology;
import dev.assay.planner.Candidate;
import dev.assay.planner.Plan;
import dev.assay.planner.PlanRequest;
import dev.assay.runner.BeliefLearner;
import dev.assay.runner.Campaign;
import dev.assay.runner.Experiment;
import dev.assay.runner.ExperimentListener;
import dev.assay.runner.ExperimentRunner;
import dev.assay.spi.Reading;
import dev.assay.telemetry.Drift;
import dev.assay.telemetry.ErrorBudgets;
import dev.assay.telemetry.GraphSnapshot;
import dev.assay.telemetry.StaleIntents;
import dev.assay.verdict.Outcome;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The long-running controller of {@code assay serve}: owns the live model (the topology, re-discovered before each
 * continuous experiment), the belief (one {@link BeliefLearner}), the journal, the runners (with their injectors) and
 * the freeze. Every experiment, started through the API or by the {@link Scheduler}, runs through {@link Campaign},
 * the one loop {@code run} and {@code demo} drive, one at a time.
 */
public final class Controller implements LiveRun.Source {
    /** A fresh runner per run (its stop flag is the run's), reporting to {@code listener}. */
    @FunctionalInterface
    public interface Runners {
        ExperimentRunner create(ExperimentListener listener);
    }

    /** The experiment for a chosen candidate of {@code intent} on the current {@code topology} (guards, watched SLIs, id). */
    @FunctionalInterface
    public interface Experiments {
        Experiment of(Candidate candidate, Intent intent, Topology topology);
    }

    /** The system as the telemetry shows it now; empty when the topology is fixed (a --topology file). */
    @FunctionalInterface
    public interface Discovery {
        Optional<Discovered> now();
    }

    public record Discovered(Topology topology, GraphSnapshot snapshot) {
        public Discovered {
            requireNonNull(topology, "topology");
            requireNonNull(snapshot, "snapshot");
        }
    }

    private final Builder b;
    private final LiveState live;
    private final Freeze freeze;
    private volatile Topology topology;
    private volatile Optional<GraphSnapshot> snapshot;
    private final Map<String, List<String>> stale = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicReference<ExperimentRunner> running = new AtomicReference<>();
    private final dev.assay.dashboard.LiveRuns dashboardLive;

    private Controller(Builder b) {
        this.b = b;
        this.live = new LiveState(b.clock);
        this.topology = b.topology;
        this.snapshot = b.snapshot;
        this.dashboardLive = dev.assay.dashboard.LiveRuns.create(b.clock, this::stop);
        this.freeze = Freeze.create(b.clock, Freeze.fastBurns(b.budgets, b.system.slos(), b.schedule.freezeBurnRate()), b.incidents);
    }

    public static Builder builder() {
        return new Builder();
    }

    public SystemConfig system() {
        return b.system;
    }

    public Topology topology() {
        return topology;
    }

    public List<Intent> intents() {
        return b.intents;
    }

    public Journal journal() {
        return b.journal;
    }

    public BeliefLearner learner() {
        return b.learner;
    }

    public Freeze freeze() {
        return freeze;
    }

    /** How continuous mode is paced (the system file's {@code schedule:}, serve's flags over it); its freeze threshold is this freeze's. */
    public Schedule schedule() {
        return b.schedule;
    }

    public ErrorBudgets budgets() {
        return b.budgets;
    }

    public Clock clock() {
        return b.clock;
    }

    /** Intents set aside because the system drifted under them, with the reasons. */
    public Map<String, List<String>> stale() {
        return Map.copyOf(stale);
    }

    /** The plan over every intent on the current belief (what {@code assay plan} shows). */
    public Plan plan() {
        return b.learner.planner(b.intents).plan(b.request);
    }

    /** The smallest remaining error budget over the system's journeys (unknown if any cannot be read). */
    public Reading remainingBudget() {
        Reading min = new Reading.Unknown("budget", "system " + b.system.name() + " has no journeys in its topology");
        for (var j : topology.journeys()) {
            Reading r = b.budgets.journeyRemaining(b.system, j.name());
            if (r instanceof Reading.Unknown) return r;
            if (!(min instanceof Reading.Known m) || ((Reading.Known) r).value() < m.value()) min = r;
        }
        return min;
    }

    /**
     * The candidate a run of {@code intent} (or of the plan's best runnable intent) would run now; refuses (409) when
     * frozen or a run is in progress, and (400) an unknown intent or one nothing may run.
     */
    public Candidate choose(Optional<String> intent) {
        freeze.status().why().ifPresent(w -> {
            throw new ApiException(409, "frozen: " + w, "freeze", "unfreeze first (assay unfreeze, or DELETE /api/freeze)");
        });
        if (running.get() != null) {
            throw new ApiException(409, "a run is in progress: " + live.live().map(l -> l.experimentId()).orElse("starting"), "runs",
                    "wait for it, or stop it (assay run --server URL --stop, or DELETE /api/runs/current)");
        }
        intent.ifPresent(id -> {
            if (b.intents.stream().noneMatch(i -> i.id().equals(id))) {
                throw ApiException.badRequest("no intent '" + id + "'", "intent", "GET /api/plan lists the intents: "
                        + b.intents.stream().map(Intent::id).toList());
            }
        });
        List<Intent> eligible = eligible(intent);
        Plan plan = b.learner.planner(eligible).plan(b.request);
        Map<String, Intent> ids = new LinkedHashMap<>();
        eligible.forEach(i -> ids.put(i.id(), i));
        return plan.candidates().stream().filter(c -> c.intent().isPresent() && ids.containsKey(c.intent().get())).filter(Candidate::runnable)
                .findFirst().orElseThrow(() -> ApiException.badRequest("nothing may run: " + why(plan, ids, intent), intent.isPresent() ? "intent" : "plan",
                        "GET /api/plan shows each candidate's blockers; fix what blocks it, or run another intent"));
    }

    private List<Intent> eligible(Optional<String> intent) {
        return b.intents.stream().filter(i -> intent.map(i.id()::equals).orElse(!stale.containsKey(i.id()))).toList();
    }

    private String why(Plan plan, Map<String, Intent> ids, Optional<String> intent) {
        List<String> out = new java.util.ArrayList<>();
        plan.candidates().stream().filter(c -> c.intent().isPresent() && ids.containsKey(c.intent().get()) && !c.runnable())
                .forEach(c -> out.add(c.intent().get() + " blocked by " + String.join("; ", c.blockedBy())));
        plan.redundant().forEach(r -> out.add(String.format(java.util.Locale.ROOT, "%s is redundant (P(holds) = %.3f)", r.intent(), r.pHolds())));
        intent.filter(stale::containsKey).ifPresent(i -> out.add(i + " is stale: " + stale.get(i)));
        return out.isEmpty() ? "no intent is runnable" : String.join("; ", out);
    }

    /** Starts {@code candidate}'s intent on a background thread; the decision is journaled. Refuses (409) a second run. */
    public void start(Candidate candidate, String why) {
        Intent intent = b.intents.stream().filter(i -> i.id().equals(candidate.intent().orElseThrow())).findFirst().orElseThrow();
        ExperimentRunner runner = claim().orElseThrow(() -> new ApiException(409, "a run is in progress", "runs",
                "wait for it, or stop it (DELETE /api/runs/current)"));
        // the decision is journaled before the runner is released, so a controller that is idle has journaled it (SIGTERM waits for idle)
        Thread.ofPlatform().name("assay-run-" + intent.id()).start(() -> campaign(runner, List.of(intent),
                o -> b.journal.recordDecision(Scheduler.ran(o, why))));
    }

    /** A fresh runner, now the running one; empty when another run holds the controller. */
    private Optional<ExperimentRunner> claim() {
        ExperimentRunner runner = b.runners.create(new dev.assay.runner.BothListeners(live, new dev.assay.runner.BothListeners(dashboardLive, b.listener)));
        return running.compareAndSet(null, runner) ? Optional.of(runner) : Optional.empty();
    }

    /**
     * Runs at most one experiment of {@code intents} through the campaign on {@code runner}, on this thread; hands its
     * outcome to {@code beforeRelease}, then releases the runner.
     */
    private Optional<Outcome> campaign(ExperimentRunner runner, List<Intent> intents, java.util.function.Consumer<Outcome> beforeRelease) {
        try {
            Campaign campaign = Campaign.builder().learner(b.learner).intents(intents).runner(runner).request(b.request)
                    .experiments(c -> {
                        Intent i = intents.stream().filter(x -> x.id().equals(c.intent().orElseThrow())).findFirst().orElseThrow();
                        Experiment x = b.experiments.of(c, i, topology);
                        live.chosen(x);
                        return x;
                    }).build();
            Optional<Outcome> outcome = campaign.run(1).outcomes().stream().findFirst();
            outcome.ifPresent(beforeRelease);
            return outcome;
        } finally {
            running.compareAndSet(runner, null);
        }
    }

    /** One continuous-mode step: re-discover (drift marks intents stale), run the best candidate, learn. */
    public Scheduler.Step next() {
        rediscover();
        Candidate c;
        try {
            c = choose(Optional.empty());
        } catch (ApiException e) {
            return new Scheduler.Step.Nothing(e.getMessage());
        }
        String why = String.format(java.util.Locale.ROOT, "best candidate %s (%s on %s, %.3f bits expected)", c.intent().orElseThrow(),
                c.fault().type().id(), c.fault().target(), c.eigBits());
        List<Intent> one = b.intents.stream().filter(i -> i.id().equals(c.intent().orElseThrow())).toList();
        Optional<ExperimentRunner> runner = claim();
        if (runner.isEmpty()) return new Scheduler.Step.Nothing("a run started through the API is in progress");
        return campaign(runner.get(), one, o -> { }).<Scheduler.Step>map(o -> new Scheduler.Step.Ran(o, why))
                .orElseGet(() -> new Scheduler.Step.Nothing("the campaign ran nothing for " + c.intent().orElseThrow()));
    }

    /** Re-reads the system from its telemetry; intents whose target or path drifted become stale (journaled). */
    void rediscover() {
        Optional<Discovered> now;
        try {
            now = b.discovery.now();
        } catch (RuntimeException e) {
            return; // telemetry unreadable now: the model stays as it was, the pre-flight gate decides on the experiment
        }
        if (now.isEmpty()) return;
        GraphSnapshot after = now.get().snapshot();
        snapshot.ifPresent(before -> {
            Drift drift = Drift.between(before, after);
            for (StaleIntents.Stale s : StaleIntents.find(b.intents, drift, after)) {
                if (stale.put(s.intentId(), s.reasons()) == null) {
                    b.journal.recordDecision(new Journal.Decision(b.clock.instant(), "SKIPPED", Optional.of(s.intentId()), Optional.empty(),
                            "stale: " + String.join("; ", s.reasons()) + " (review the intent; restart serve to clear)"));
                }
            }
        });
        snapshot = Optional.of(after);
        topology = now.get().topology();
    }

    /** The running experiment as the dashboard shows it (fed by every runner this controller creates). */
    public dev.assay.dashboard.LiveRuns dashboardLive() {
        return dashboardLive;
    }

    @Override
    public Optional<LiveRun> live() {
        return live.live();
    }

    @Override
    public AutoCloseable subscribe(java.util.function.Consumer<LiveRun> listener) {
        return live.subscribe(listener);
    }

    @Override
    public boolean stop() {
        ExperimentRunner r = running.get();
        if (r == null) return false;
        r.stop();
        return true;
    }

    /**
     * True when no campaign holds the controller: after {@link #stop()}, its faults are removed, and its outcome, what it
     * taught and (for an API run) its RAN decision are journaled. Not the runner's own idleness, which comes first.
     */
    public boolean idle() {
        return running.get() == null;
    }

    public static final class Builder {
        private SystemConfig system;
        private List<Intent> intents = List.of();
        private Topology topology;
        private Optional<GraphSnapshot> snapshot = Optional.empty();
        private Journal journal;
        private BeliefLearner learner;
        private Runners runners;
        private Experiments experiments;
        private Discovery discovery = Optional::empty;
        private PlanRequest request = PlanRequest.defaults().withTop(10_000);
        private ErrorBudgets budgets;
        private Clock clock = Clock.systemUTC();
        private Incidents incidents = Incidents.NONE;
        private ExperimentListener listener = ExperimentListener.NONE;
        private Schedule schedule = Schedule.defaults();

        private Builder() {
        }

        /** Continuous mode's schedule (default {@link Schedule#defaults()}); its {@code freezeBurnRate} sets when a fast burn freezes. */
        public Builder schedule(Schedule s) {
            this.schedule = requireNonNull(s, "schedule");
            return this;
        }

        public Builder system(SystemConfig s) {
            this.system = requireNonNull(s, "system");
            return this;
        }

        public Builder intents(List<Intent> i) {
            this.intents = List.copyOf(i);
            return this;
        }

        /** The topology now and, when it was discovered, the snapshot drift is measured against. */
        public Builder topology(Topology t, Optional<GraphSnapshot> s) {
            this.topology = requireNonNull(t, "topology");
            this.snapshot = requireNonNull(s, "snapshot");
            return this;
        }

        public Builder journal(Journal j) {
            this.journal = requireNonNull(j, "journal");
            return this;
        }

        public Builder learner(BeliefLearner l) {
            this.learner = requireNonNull(l, "learner");
            return this;
        }

        public Builder runners(Runners r) {
            this.runners = requireNonNull(r, "runners");
            return this;
        }

        public Builder experiments(Experiments e) {
            this.experiments = requireNonNull(e, "experiments");
            return this;
        }

        public Builder discovery(Discovery d) {
            this.discovery = requireNonNull(d, "discovery");
            return this;
        }

        public Builder request(PlanRequest r) {
            this.request = requireNonNull(r, "request");
            return this;
        }

        public Builder budgets(ErrorBudgets e) {
            this.budgets = requireNonNull(e, "budgets");
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = requireNonNull(c, "clock");
            return this;
        }

        /** Where open incidents come from (default: none open); an open incident freezes continuous mode. */
        public Builder incidents(Incidents i) {
            this.incidents = requireNonNull(i, "incidents");
            return this;
        }

        /** Also told of every run's events (the terminal's progress). */
        public Builder listener(ExperimentListener l) {
            this.listener = requireNonNull(l, "listener");
            return this;
        }

        public Controller build() {
            requireNonNull(system, "system (call system(...))");
            requireNonNull(topology, "topology (call topology(...))");
            requireNonNull(journal, "journal (call journal(...))");
            requireNonNull(learner, "learner (call learner(...))");
            requireNonNull(runners, "runners (call runners(...))");
            requireNonNull(experiments, "experiments (call experiments(...))");
            requireNonNull(budgets, "budgets (call budgets(...))");
            return new Controller(this);
        }
    }
}
