package dev.assay.cli;

import dev.assay.format.SystemFormat;
import dev.assay.format.TopologyFormat;
import dev.assay.journal.Journal;
import dev.assay.model.Intent;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Safety;
import dev.assay.model.SystemConfig;
import dev.assay.model.Topology;
import dev.assay.planner.PlanRequest;
import dev.assay.planner.Planner;
import dev.assay.runner.BeliefLearner;
import dev.assay.runner.Campaign;
import dev.assay.runner.ExperimentRunner;
import dev.assay.runner.HttpProbe;
import dev.assay.runner.Recovery;
import dev.assay.runner.RunnerSettings;
import dev.assay.safety.SystemSafety;
import dev.assay.spi.Injector;
import dev.assay.telemetry.SliSources;
import dev.assay.verdict.Outcome;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay run}: plan, confirm, run the most informative safe experiment, learn, re-plan, repeat. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Plan, confirm (unless --yes), run the best runnable intent safely (pre-flight gate, continuous guards,",
                "leased faults, rollback, recovery), record the outcome in the journal, update beliefs, re-plan, repeat.",
                "SIGINT/SIGTERM roll back every fault, journal it and exit 4; a second signal exits once that is done (bounded, see SAFETY.md).",
                "Unfinished experiments of a killed run are marked INTERRUPTED first, after checking their faults are gone.",
                "With --server URL the run starts on `assay serve` instead (--system and --intents are then the server's)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every hypothesis supported (or nothing ran)", "2:invalid input, or no --yes with stdin closed (nothing run)", "3:a hypothesis was refuted",
                "4:aborted by a safety guard, the pre-flight gate or a signal"})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Option(names = "--max-experiments", defaultValue = "1", description = "Run at most N experiments (default: ${DEFAULT-VALUE}).")
    int maxExperiments;

    @Option(names = "--budget-fraction", paramLabel = "F", description = "Cap every intent's budgetFraction at F (0 < F <= 1).")
    Double budgetFraction;

    @Option(names = "--dry-run", description = "Plan and show what would run; inject nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Do not ask for confirmation before each experiment.")
    boolean yes;

    @Option(names = "--stop-on-abort", description = "Stop the campaign after the first guard abort (default: learn from it and go on).")
    boolean stopOnAbort;

    @Mixin
    ServerClient.Options server;

    @Option(names = "--intent", paramLabel = "ID", description = "With --server: run this intent (default: the plan's best runnable one).")
    String intent;

    @Option(names = "--stop", description = "With --server: stop the server's running experiment (it rolls back every fault).")
    boolean stop;

    @Override
    public Integer call() {
        var remote = server.client();
        if (remote.isPresent()) return remote(remote.get());
        if (intent != null || stop) throw new InvalidInputException("--intent and --stop act through a server; pass --server URL too");
        run.requireSystemAndIntents("run");
        if (maxExperiments < 1) throw new InvalidInputException("--max-experiments must be at least 1, was " + maxExperiments);
        if (budgetFraction != null && !(budgetFraction > 0 && budgetFraction <= 1)) {
            throw new InvalidInputException("--budget-fraction must be in (0, 1], was " + budgetFraction);
        }
        run.validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = Clock.systemUTC();
        SystemConfig sys = SystemFormat.read(run.system);
        Map<String, dev.assay.belief.EdgeEvidence> evidence = new java.util.HashMap<>();
        Topology topo = topology(sys, evidence, clock);
        SystemSafety.Bound bound = SystemSafety.bind(sys.defaultSafety(), run.system.getFileName().toString(), IntentFiles.readAtLeastOne(run.intents, topo));
        List<Intent> read = bound.intents().stream().map(this::capped).toList();
        PrintWriter notes = dryRun ? out : err;
        bound.notes().forEach(notes::println);
        RunWindows windows = RunWindows.choose(read, RunWindows.rates(read, run.probes, run.probeRate, SliSources.forSystem(sys, clock), run.guardWindow),
                run.baseline, run.levelDuration);
        notes.print(windows.lines().stream().map(l -> l + "\n").collect(Collectors.joining()));
        notes.flush();
        List<Intent> list = windows.runnable();
        if (list.isEmpty()) {
            out.println("nothing ran: no intent can get enough samples within its maxDuration (see above)");
            out.flush();
            return dryRun ? ExitCode.OK : ExitCode.ABORTED;
        }
        BeliefLearner learner = RunWiring.learner(run.journal, topo, list, evidence, clock);
        Planner planner = learner.planner(list); // what the campaign plans on: the tolerance and the mechanism belief (dry run alike)
        // every candidate: the campaign picks the best one that tests an intent; the system file's zones and blast-radius limit bind them all
        PlanRequest request = SystemSafety.constrain(PlanRequest.defaults().withTop(10_000), sys.defaultSafety());
        if (dryRun) return RunPlanText.dryRun(planner, request, list, maxExperiments, out);

        boolean kubernetes = sys.injectors().stream().anyMatch(i -> i.type().equalsIgnoreCase("kubernetes"));
        if (kubernetes && run.leaseTtl.compareTo(windows.level()) <= 0) {
            // Chaos Mesh refuses spec updates, so an object's duration (its lease) cannot be renewed: it must outlast the level
            throw new InvalidInputException("--lease-ttl " + run.leaseTtl.toSeconds() + "s is not longer than a level (" + windows.level().toSeconds()
                    + "s): a Chaos Mesh object cannot be renewed, so its fault would end early; pass --lease-ttl "
                    + (windows.level().toSeconds() + 15) + "s or more (at most 1h)");
        }
        RunnerSettings settings = new RunnerSettings(windows.baseline(), windows.level(), run.guardPeriod, run.guardWindow, run.leaseTtl,
                Duration.ofSeconds(60), Duration.ofSeconds(30));
        List<Injector> injectors = RunWiring.injectors(sys, Journals.leaseDir(run.journal), clock);
        List<HttpProbe> started = new ArrayList<>();
        try (Journal j = Journals.open(run.journal)) {
            for (Recovery.Recovered r : Recovery.recoverUnfinished(j, injectors, clock, run.leaseTtl)) {
                err.println(r.interrupted() ? "recovered " + r.experimentId() + " (was " + r.lastState() + "): INTERRUPTED; " + String.join("; ", r.faults())
                        : "checked " + r.experimentId() + " (" + r.lastState() + ", its fault removal was not confirmed): " + String.join("; ", r.faults()));
            }
            run.probes.forEach((journey, url) -> started.add(HttpProbe.start(journey, URI.create(url), run.probeRate, Duration.ofSeconds(10), clock)));
            RunWiring.awaitFirstAnswers(started);
            RunWiring.Readings readings = RunWiring.readings(sys, started, clock);
            ExperimentRunner runner = ExperimentRunner.builder().journal(j).sli(readings.sli()).measurements(readings.measurements())
                    .budget(RunWiring.budget(sys, readings.system(), clock)).injectors(injectors).clock(clock).settings(settings)
                    .listener(new Progress(err, clock)).beliefs(learner).edges(LiveTopology.watch(sys, clock)).build();
            Confirmation confirmation = new Confirmation(yes, out, err);
            Signals.onInterrupt(() -> {
                runner.stop();
                if (confirmation.prompting()) {
                    err.println("stopped at the confirmation prompt; nothing injected");
                    err.flush();
                    Signals.exitNow(() -> { });
                }
                err.println("stopping: rolling back every fault of the running experiment (a second signal exits once that is done)");
                err.flush();
            }, runner::idle, () -> { }, err);
            Campaign campaign = Campaign.builder().learner(learner).intents(list).runner(runner).request(request)
                    .experiments(c -> RunWiring.experiment(c, list, topo, sys, run.thresholdSearch, run.maxBurnRate)).confirm(confirmation::confirm)
                    .stopOnAbort(stopOnAbort).listener(new Campaign.Listener() {
                        @Override
                        public void aborted(Outcome o, boolean continuing) {
                            err.println("guard abort: " + o.abortReason().orElse("") + (continuing
                                    ? "; learned from it, going on with the next candidate (--stop-on-abort stops here)" : "; stopping (--stop-on-abort)"));
                            err.flush();
                        }
                    }).build();
            Campaign.Result result = campaign.run(maxExperiments);
            List<Outcome> outcomes = result.outcomes();
            if (outcomes.isEmpty() && confirmation.stdinClosed()) {
                long n = Math.min(maxExperiments, RunPlanText.runnable(planner, request, list).size());
                err.println("stdin is closed and --yes was not given: nothing was run; pass --yes to run " + n + " experiment" + (n == 1 ? "" : "s"));
                err.flush();
                return ExitCode.INVALID_INPUT;
            } else if (outcomes.isEmpty() && confirmation.declined()) {
                out.println("nothing ran: not confirmed");
            } else if (outcomes.isEmpty()) {
                out.println("nothing ran");
                RunPlanText.blocked(planner, request, list, out);
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

    /** The --topology file, or the system discovered now from the system file's graph sources (with their edge evidence). */
    private Topology topology(SystemConfig sys, Map<String, dev.assay.belief.EdgeEvidence> evidence, Clock clock) {
        if (run.topology != null) return TopologyFormat.read(run.topology);
        LiveTopology live = LiveTopology.discover(run.system, sys, clock);
        evidence.putAll(live.evidence());
        live.unknownCallers().ifPresent(w -> {
            spec.commandLine().getErr().println(w);
            spec.commandLine().getErr().flush();
        });
        return live.topology();
    }

    static int exitCode(List<Outcome> outcomes) {
        if (outcomes.stream().anyMatch(o -> o.verdict().kind().equals("ABORTED"))) return ExitCode.ABORTED;
        if (outcomes.stream().anyMatch(o -> o.verdict().kind().equals("REFUTED"))) return ExitCode.REFUTED;
        return ExitCode.OK;
    }

    private Intent capped(Intent i) {
        if (budgetFraction == null || i.safety().budgetFraction() <= budgetFraction) return i;
        Safety s = i.safety();
        return i.withSafety(new Safety(budgetFraction, s.exclusionZones(), s.abortWhen(), s.minSteadyState(), s.maxDuration(), s.maxBlastRadius()));
    }
}
