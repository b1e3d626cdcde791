package dev.assay.cli;

import dev.assay.belief.Belief;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.format.SystemFormat;
import dev.assay.format.TopologyFormat;
import dev.assay.journal.Journal;
import dev.assay.model.Intent;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Safety;
import dev.assay.model.SystemConfig;
import dev.assay.model.Topology;
import dev.assay.planner.Candidate;
import dev.assay.planner.PlanRequest;
import dev.assay.planner.Planner;
import dev.assay.runner.BeliefLearner;
import dev.assay.runner.Campaign;
import dev.assay.runner.CompositeMeasurements;
import dev.assay.runner.CompositeSli;
import dev.assay.runner.Experiment;
import dev.assay.runner.ExperimentRunner;
import dev.assay.runner.HttpProbe;
import dev.assay.runner.MeasurementSource;
import dev.assay.runner.Recovery;
import dev.assay.runner.RunnerSettings;
import dev.assay.runner.SliMeasurements;
import dev.assay.safety.SystemSafety;
import dev.assay.spi.Injector;
import dev.assay.spi.SliSource;
import dev.assay.telemetry.SliSources;
import dev.assay.verdict.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay run}: plan, confirm, run the most informative safe experiment, learn, re-plan, repeat. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Plan, confirm (unless --yes), run the best runnable intent safely (pre-flight gate, continuous guards,",
                "leased faults, rollback, recovery), record the outcome in the journal, update beliefs, re-plan, repeat.",
                "SIGINT/SIGTERM roll back every fault, journal it and exit 4; a second signal exits once that is done (bounded, see SAFETY.md).",
                "Unfinished experiments of a killed run are marked INTERRUPTED first, after checking their faults are gone."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every hypothesis supported (or nothing ran)", "2:invalid input, or no --yes with stdin closed (nothing run)", "3:a hypothesis was refuted",
                "4:aborted by a safety guard, the pre-flight gate or a signal"})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--system", paramLabel = "FILE", description = "The system configuration (assay.yaml): SLIs, SLOs, injectors (required without --server).")
    Path system;

    @Option(names = "--topology", paramLabel = "FILE", description = "The system's dependency graph (*.topology.json); default: discovered now from the --system file's graph sources.")
    Path topology;

    @Option(names = "--intents", paramLabel = "DIR|FILE", description = "Intent files, or a directory searched recursively (required without --server).")
    Path intents;

    @Option(names = "--max-experiments", defaultValue = "1", description = "Run at most N experiments (default: ${DEFAULT-VALUE}).")
    int maxExperiments;

    @Option(names = "--budget-fraction", paramLabel = "F", description = "Cap every intent's budgetFraction at F (0 < F <= 1).")
    Double budgetFraction;

    @Option(names = "--dry-run", description = "Plan and show what would run; inject nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask for confirmation before each experiment.")
    boolean yes;

    @Option(names = "--journal", defaultValue = Journals.DEFAULT, paramLabel = "PATH|URL",
            description = "The journal: a SQLite file or postgresql://user:password@host:port/database (default: ${DEFAULT-VALUE}).")
    String journal;

    @Option(names = "--probe", paramLabel = "JOURNEY=URL", description = "Probe a journey over HTTP (raw latencies and cohorts for verdicts); repeatable.")
    Map<String, String> probes = Map.of();

    @Option(names = "--probe-rate", defaultValue = "50", description = "Requests per second per probe (default: ${DEFAULT-VALUE}).")
    double probeRate;

    @Option(names = "--baseline", defaultValue = "30s", converter = Durations.class, description = "Baseline window (default: ${DEFAULT-VALUE}).")
    Duration baseline;

    @Option(names = "--level-duration", defaultValue = "60s", converter = Durations.class, description = "Injection time per level (default: ${DEFAULT-VALUE}).")
    Duration levelDuration;

    @Option(names = "--guard-period", defaultValue = "250ms", converter = Durations.class, description = "Guard evaluation period, <= 1s (default: ${DEFAULT-VALUE}).")
    Duration guardPeriod;

    @Option(names = "--guard-window", defaultValue = "30s", converter = Durations.class,
            description = "Window guards read their SLIs over; keep it several scrape intervals long (default: ${DEFAULT-VALUE}).")
    Duration guardWindow;

    @Option(names = "--max-burn-rate", defaultValue = "14.4", description = "Abort when an SLO of the target journey burns its error budget "
            + "faster than this many times the sustainable rate over the guard window (default: ${DEFAULT-VALUE}).")
    double maxBurnRate;

    @Option(names = "--lease-ttl", defaultValue = "10s", converter = Durations.class, description = "Lease TTL of every fault, 200ms to 1h (default: ${DEFAULT-VALUE}).")
    Duration leaseTtl;

    @Option(names = "--stop-on-abort", description = "Stop the campaign after the first guard abort (default: learn from it and go on).")
    boolean stopOnAbort;

    @Option(names = "--threshold-search", description = "Bisect the fault's levels to find the tolerance instead of ramping.")
    boolean thresholdSearch;

    @picocli.CommandLine.Mixin
    ServerClient.Options server;

    @Option(names = "--intent", paramLabel = "ID", description = "With --server: run this intent (default: the plan's best runnable one).")
    String intent;

    @Option(names = "--stop", description = "With --server: stop the server's running experiment (it rolls back every fault).")
    boolean stop;

    /** The longest lease a fault may have: what a crashed runner's fault can outlive it by at most. */
    static final Duration MAX_LEASE_TTL = Duration.ofHours(1);

    private volatile boolean stdinClosed;
    private volatile boolean declined;
    private volatile boolean prompting; // a signal there exits at once: nothing is injected while waiting for an answer

    @Override
    public Integer call() {
        var remote = server.client();
        if (remote.isPresent()) return remote(remote.get());
        if (intent != null || stop) throw new InvalidInputException("--intent and --stop act through a server; pass --server URL too");
        if (system == null || intents == null) {
            throw new InvalidInputException("run needs --system assay.yaml and --intents DIR (or --server URL to run through `assay serve`)");
        }
        if (maxExperiments < 1) throw new InvalidInputException("--max-experiments must be at least 1, was " + maxExperiments);
        if (budgetFraction != null && !(budgetFraction > 0 && budgetFraction <= 1)) {
            throw new InvalidInputException("--budget-fraction must be in (0, 1], was " + budgetFraction);
        }
        if (guardPeriod.isZero() || guardPeriod.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new InvalidInputException("--guard-period must be in (0, 1s], was " + guardPeriod.toMillis() + "ms");
        }
        if (leaseTtl.compareTo(Duration.ofMillis(200)) < 0) throw new InvalidInputException("--lease-ttl must be at least 200ms");
        if (leaseTtl.compareTo(MAX_LEASE_TTL) > 0) {
            throw new InvalidInputException("--lease-ttl must be at most 1h, was " + leaseTtl.toSeconds() + "s: a fault whose runner dies stays in effect"
                    + " until its lease expires; use a shorter TTL (it is renewed while the runner lives)");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = Clock.systemUTC();
        SystemConfig sys = SystemFormat.read(system);
        Map<String, dev.assay.belief.EdgeEvidence> evidence = new java.util.HashMap<>();
        Topology topo = topology(sys, evidence, clock);
        SystemSafety.Bound bound = SystemSafety.bind(sys.defaultSafety(), system.getFileName().toString(), IntentFiles.readAtLeastOne(intents, topo));
        List<Intent> read = bound.intents().stream().map(this::capped).toList();
        PrintWriter notes = dryRun ? out : err;
        bound.notes().forEach(notes::println);
        RunWindows windows = RunWindows.choose(read, RunWindows.rates(read, probes, probeRate, SliSources.forSystem(sys, clock), guardWindow),
                baseline, levelDuration);
        notes.print(windows.lines().stream().map(l -> l + "\n").collect(Collectors.joining()));
        notes.flush();
        List<Intent> list = windows.runnable();
        if (list.isEmpty()) {
            out.println("nothing ran: no intent can get enough samples within its maxDuration (see above)");
            out.flush();
            return dryRun ? ExitCode.OK : ExitCode.ABORTED;
        }
        Belief belief = storedBelief(topo, list, clock)
                .orElseGet(() -> Belief.create(SystemGraph.of(topo), Priors.of(evidence, list), Belief.Settings.DEFAULTS, clock));
        Planner planner = Planner.create(belief, list);
        // every candidate: the campaign picks the best one that tests an intent; the system file's zones and blast-radius limit bind them all
        PlanRequest request = SystemSafety.constrain(PlanRequest.defaults().withTop(10_000), sys.defaultSafety());
        if (dryRun) return dryRun(planner, request, list, out);

        boolean kubernetes = sys.injectors().stream().anyMatch(i -> i.type().equalsIgnoreCase("kubernetes"));
        if (kubernetes && leaseTtl.compareTo(windows.level()) <= 0) {
            // Chaos Mesh refuses spec updates, so an object's duration (its lease) cannot be renewed: it must outlast the level
            throw new InvalidInputException("--lease-ttl " + leaseTtl.toSeconds() + "s is not longer than a level (" + windows.level().toSeconds()
                    + "s): a Chaos Mesh object cannot be renewed, so its fault would end early; pass --lease-ttl "
                    + (windows.level().toSeconds() + 15) + "s or more (at most 1h)");
        }
        RunnerSettings settings = new RunnerSettings(windows.baseline(), windows.level(), guardPeriod, guardWindow, leaseTtl,
                Duration.ofSeconds(60), Duration.ofSeconds(30));
        Path leaseDir = Journals.leaseDir(journal);
        List<Injector> injectors = RunWiring.injectors(sys, leaseDir, clock);
        List<HttpProbe> started = new ArrayList<>();
        try (Journal j = Journals.open(journal)) {
            for (Recovery.Recovered r : Recovery.recoverUnfinished(j, injectors, clock, leaseTtl)) {
                err.println(r.interrupted() ? "recovered " + r.experimentId() + " (was " + r.lastState() + "): INTERRUPTED; " + String.join("; ", r.faults())
                        : "checked " + r.experimentId() + " (" + r.lastState() + ", its fault removal was not confirmed): " + String.join("; ", r.faults()));
            }
            probes.forEach((journey, url) -> started.add(HttpProbe.start(journey, URI.create(url), probeRate, Duration.ofSeconds(10), clock)));
            awaitFirstAnswers(started);
            Readings readings = readings(sys, started, clock);
            BeliefLearner learner = BeliefLearner.of(belief, clock);
            j.latestBeliefs().ifPresent(learner::continueFrom); // the mechanism belief goes on from what earlier runs measured
            ExperimentRunner runner = ExperimentRunner.builder().journal(j).sli(readings.sli()).measurements(readings.measurements())
                    .budget(RunWiring.budget(sys, readings.system(), clock)).injectors(injectors).clock(clock).settings(settings)
                    .listener(new Progress(err, clock)).beliefs(learner).edges(LiveTopology.watch(sys, clock)).build();
            Signals.onInterrupt(() -> {
                runner.stop();
                if (prompting) {
                    err.println("stopped at the confirmation prompt; nothing injected");
                    err.flush();
                    Signals.exitNow(() -> { });
                }
                err.println("stopping: rolling back every fault of the running experiment (a second signal exits once that is done)");
                err.flush();
            }, runner::idle, () -> { }, err);
            Campaign campaign = Campaign.builder().learner(learner).intents(list).runner(runner).request(request)
                    .experiments(c -> experiment(c, list, topo, sys, thresholdSearch, maxBurnRate)).confirm(c -> confirm(c, out, err)).stopOnAbort(stopOnAbort)
                    .listener(new Campaign.Listener() {
                        @Override
                        public void aborted(Outcome o, boolean continuing) {
                            err.println("guard abort: " + o.abortReason().orElse("") + (continuing
                                    ? "; learned from it, going on with the next candidate (--stop-on-abort stops here)" : "; stopping (--stop-on-abort)"));
                            err.flush();
                        }
                    }).build();
            Campaign.Result result = campaign.run(maxExperiments);
            List<Outcome> outcomes = result.outcomes();
            if (outcomes.isEmpty() && stdinClosed) {
                long n = Math.min(maxExperiments, runnable(planner, request, list).size());
                err.println("stdin is closed and --yes was not given: nothing was run; pass --yes to run " + n + " experiment" + (n == 1 ? "" : "s"));
                err.flush();
                return ExitCode.INVALID_INPUT;
            } else if (outcomes.isEmpty() && declined) {
                out.println("nothing ran: not confirmed");
            } else if (outcomes.isEmpty()) {
                out.println("nothing ran");
                blocked(planner, request, list, out);
            } else {
                out.print(dev.assay.runner.Reports.render(outcomes, result.learned(), dev.assay.runner.Reports.Format.TEXT));
            }
            out.flush();
            if (runner.stopRequested()) return ExitCode.ABORTED;
            return exitCode(outcomes);
        } finally {
            started.forEach(HttpProbe::close);
        }
    }

    /** Starts (or with --stop, stops) an experiment on a running {@code assay serve}; it runs there, see GET /api/live. */
    private int remote(ServerClient client) {
        PrintWriter out = spec.commandLine().getOut();
        if (stop) {
            out.println(client.delete("/api/runs/current").path("detail").asText());
        } else {
            var body = ServerClient.JSON.createObjectNode();
            if (intent != null) body.put("intent", intent);
            var started = client.post("/api/runs", body);
            out.printf(java.util.Locale.ROOT, "started %s on %s (%.3f bits expected); follow it at %s/api/live, stop it with assay run --server %s --stop%n",
                    started.path("intent").asText(), server.server, started.path("eigBits").asDouble(), server.server, server.server);
        }
        out.flush();
        return ExitCode.OK;
    }

    /**
     * Waits (at most 30 s; Ctrl-C here exits at once, nothing is injected yet) until every probe has seen a request
     * complete, so the pre-flight reads measurements rather than a probe that has not answered yet; the gate decides either way.
     */
    static void awaitFirstAnswers(List<HttpProbe> probes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (HttpProbe p : probes) {
            while (p.read(p.journey() + ".latency.p95", Duration.ofSeconds(30)) instanceof dev.assay.spi.Reading.Unknown && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The --topology file, or the system discovered now from the system file's graph sources (with their edge evidence). */
    private Topology topology(SystemConfig sys, Map<String, dev.assay.belief.EdgeEvidence> evidence, Clock clock) {
        if (topology != null) return TopologyFormat.read(topology);
        LiveTopology live = LiveTopology.discover(system, sys, clock);
        evidence.putAll(live.evidence());
        live.unknownCallers().ifPresent(w -> {
            spec.commandLine().getErr().println(w);
            spec.commandLine().getErr().flush();
        });
        return live.topology();
    }

    /** What earlier runs learned: the journal's latest belief snapshot, if there is one for this topology. */
    private Optional<Belief> storedBelief(Topology topo, List<Intent> list, Clock clock) {
        return storedBelief(journal, topo, list, clock);
    }

    static Optional<Belief> storedBelief(String journal, Topology topo, List<Intent> list, Clock clock) {
        if (!Journals.exists(journal)) return Optional.empty();
        try (Journal j = Journals.open(journal)) {
            return j.latestBeliefs().flatMap(json -> BeliefLearner.restore(json, SystemGraph.of(topo), Priors.of(Map.of(), list),
                    Belief.Settings.DEFAULTS, clock));
        }
    }

    static int exitCode(List<Outcome> outcomes) {
        if (outcomes.stream().anyMatch(o -> o.verdict().kind().equals("ABORTED"))) return ExitCode.ABORTED;
        if (outcomes.stream().anyMatch(o -> o.verdict().kind().equals("REFUTED"))) return ExitCode.REFUTED;
        return ExitCode.OK;
    }

    private static List<Candidate> runnable(Planner planner, PlanRequest request, List<Intent> list) {
        Set<String> ids = list.stream().map(Intent::id).collect(Collectors.toSet());
        return planner.plan(request).candidates().stream()
                .filter(c -> c.runnable() && c.intent().isPresent() && ids.contains(c.intent().get())).toList();
    }

    private int dryRun(Planner planner, PlanRequest request, List<Intent> list, PrintWriter out) {
        List<Candidate> runnable = runnable(planner, request, list);
        out.println("dry run: nothing will be injected");
        if (runnable.isEmpty()) blocked(planner, request, list, out);
        int n = 0;
        for (Candidate c : runnable) {
            if (n++ >= maxExperiments) break;
            out.printf("would run %s: %s on %s, %.3f bits expected, predicted blast radius %s%n", c.intent().orElseThrow(),
                    c.fault().type().id(), c.fault().target(), c.eigBits(), c.predictedBlastRadius().keySet());
        }
        out.flush();
        return ExitCode.OK;
    }

    /** Why no intent is runnable: each intent candidate's blockers, or that the planner found it redundant. */
    private static void blocked(Planner planner, PlanRequest request, List<Intent> list, PrintWriter out) {
        var plan = planner.plan(request);
        Set<String> ids = list.stream().map(Intent::id).collect(Collectors.toSet());
        List<String> why = new ArrayList<>();
        plan.candidates().stream().filter(c -> c.intent().isPresent() && ids.contains(c.intent().get()) && !c.runnable())
                .forEach(c -> why.add("  " + c.intent().get() + " blocked by " + String.join("; ", c.blockedBy())));
        plan.redundant().forEach(r -> why.add(String.format(java.util.Locale.ROOT, "  %s is redundant (P(holds) = %.3f)", r.intent(), r.pHolds())));
        out.println(why.isEmpty() ? "nothing was run, and no intent is blocked or redundant" : "no runnable intent:");
        why.forEach(out::println);
        out.flush();
    }

    /** The experiment for a chosen candidate: its guards (the intent's and the SLOs' burn rates), watched SLIs, recovery SLIs. */
    static Experiment experiment(Candidate c, List<Intent> list, Topology topo, SystemConfig sys, boolean thresholdSearch, double maxBurnRate) {
        Intent intent = list.stream().filter(i -> i.id().equals(c.intent().orElseThrow())).findFirst().orElseThrow();
        List<String> predicted = c.predictedBlastRadius().entrySet().stream().filter(e -> e.getValue() >= 0.5).map(Map.Entry::getKey).toList();
        Set<String> known = new java.util.HashSet<>();
        topo.services().forEach(s -> known.add(s.name()));
        topo.edges().forEach(e -> known.add(e.key()));
        Map<String, List<String>> watched = new java.util.HashMap<>();
        for (var s : topo.services()) {
            List<String> slis = sys.slis().stream().map(d -> d.name()).filter(n -> n.startsWith(s.name() + ".")).toList();
            if (!slis.isEmpty()) watched.put(s.name(), slis);
        }
        Experiment.Mode mode = thresholdSearch ? Experiment.Mode.THRESHOLD_SEARCH : intent.fault().isRamp() ? Experiment.Mode.RAMP : Experiment.Mode.SINGLE;
        List<dev.assay.runner.Guard> guards = sys.slos().stream()
                .filter(s -> s.name().contains(intent.targetBehavior()) || s.sli().contains(intent.targetBehavior()))
                .map(s -> dev.assay.runner.Guard.sloBurnRate(s.name(), s.sli(), s.budget(), maxBurnRate)).toList();
        // recovery waits for every journey's SLIs (those the system file names after a journey) to be back within their baseline's spread
        List<String> recovery = sys.slis().stream().map(d -> d.name())
                .filter(n -> topo.journeys().stream().anyMatch(j -> n.startsWith(j.name() + "."))).toList();
        return new Experiment(Campaign.experimentId(intent.id(), Clock.systemUTC()), intent, predicted, 0, mode, guards, known, watched, recovery);
    }

    private boolean confirm(Candidate c, PrintWriter out, PrintWriter err) {
        out.printf("next: %s (%s on %s, %.3f bits expected, predicted blast radius %s)%n", c.intent().orElseThrow(), c.fault().type().id(),
                c.fault().target(), c.eigBits(), c.predictedBlastRadius().keySet());
        out.flush();
        if (yes) return true;
        out.print("run it? [y/N] ");
        out.flush();
        try {
            prompting = true;
            String answer;
            try {
                answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } finally {
                prompting = false;
            }
            if (answer == null) {
                out.println();
                stdinClosed = true;
                return false;
            }
            boolean go = answer.trim().equalsIgnoreCase("y");
            if (!go) err.println("not confirmed; nothing injected (pass --yes to run without asking)");
            declined = !go;
            return go;
        } catch (IOException e) {
            stdinClosed = true;
            return false;
        }
    }

    /** Where a run reads its SLIs and measurements: the system file's sources, and the probes for the rest. */
    record Readings(SliSource sli, MeasurementSource measurements, SliSource system) {
    }

    static Readings readings(SystemConfig sys, List<HttpProbe> started, Clock clock) {
        SliSource systemSlis = SliSources.forSystem(sys, clock);
        // an SLI the system file defines is read from its source, never claimed by a probe whose journey prefixes it
        Set<String> defined = sys.slis().stream().map(d -> d.name()).collect(Collectors.toSet());
        SliSource probed = CompositeSli.of(started.toArray(SliSource[]::new));
        SliSource sli = (name, window) -> defined.contains(name) ? systemSlis.read(name, window)
                : CompositeSli.of(probed, systemSlis).read(name, window);
        MeasurementSource ms = new ProbeOrSystem(defined, CompositeMeasurements.of(List.copyOf(started)), SliMeasurements.of(systemSlis, clock));
        return new Readings(sli, CompositeMeasurements.of(List.of(ms)), systemSlis);
    }

    /** Measurements of SLIs the system file defines come from the system; the probes measure only the rest. */
    record ProbeOrSystem(Set<String> defined, MeasurementSource probes, MeasurementSource system) implements MeasurementSource {
        @Override
        public Optional<dev.assay.verdict.Measurement> measure(String sli, java.time.Instant from, java.time.Instant to) {
            return defined.contains(sli) ? system.measure(sli, from, to) : probes.measure(sli, from, to).or(() -> system.measure(sli, from, to));
        }

        @Override
        public Optional<Cohorts> cohorts(String sli, java.time.Instant from, java.time.Instant to) {
            return defined.contains(sli) ? system.cohorts(sli, from, to) : probes.cohorts(sli, from, to);
        }
    }

    private Intent capped(Intent i) {
        if (budgetFraction == null || i.safety().budgetFraction() <= budgetFraction) return i;
        Safety s = i.safety();
        return i.withSafety(new Safety(budgetFraction, s.exclusionZones(), s.abortWhen(), s.minSteadyState(), s.maxDuration(), s.maxBlastRadius()));
    }

}
