package dev.assay.cli;

import dev.assay.format.SystemFormat;
import dev.assay.format.TopologyFormat;
import dev.assay.journal.Journal;
import dev.assay.model.Intent;
import dev.assay.model.InvalidInputException;
import dev.assay.model.SystemConfig;
import dev.assay.model.Topology;
import dev.assay.planner.PlanRequest;
import dev.assay.runner.BeliefLearner;
import dev.assay.runner.ExperimentRunner;
import dev.assay.runner.HttpProbe;
import dev.assay.runner.Recovery;
import dev.assay.runner.RunnerSettings;
import dev.assay.safety.SystemSafety;
import dev.assay.server.ApiServer;
import dev.assay.server.Controller;
import dev.assay.server.Schedule;
import dev.assay.server.Scheduler;
import dev.assay.model.Window;
import dev.assay.spi.Injector;
import dev.assay.telemetry.ErrorBudgets;
import dev.assay.telemetry.SliSources;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay serve}: the long-running controller with its JSON API, and continuous mode. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the controller: the live model, beliefs, journal and injectors behind a JSON HTTP API (docs/openapi.yaml,",
                "docs/serve.md) that plan, run, stop, report and freeze go through (--server URL). Loopback by default; any other",
                "--listen address needs --token. --continuous experiments on its own within --window, at --pace, unless frozen.",
                "SIGINT/SIGTERM roll back every fault of the running experiment, journal it and exit (4 if one was stopped)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by a signal with no experiment running", "2:invalid input", "4:a running experiment was rolled back by a signal"})
public final class ServeCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Option(names = "--listen", defaultValue = "127.0.0.1:7474", paramLabel = "HOST:PORT", description = "API address (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--token", paramLabel = "T", description = "Bearer token every request must send; required off loopback (or ASSAY_TOKEN).")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the bearer token from FILE (e.g. a mounted Kubernetes Secret), instead of --token.")
    Path tokenFile;

    @Option(names = "--continuous", description = "Experiment on a schedule: within --window, at --pace, unless frozen; every decision journaled.")
    boolean continuous;

    @Option(names = "--window", paramLabel = "SPEC", description = "An allowed window, e.g. 'Mon-Fri 10:00-16:00 Europe/Berlin'; repeatable; replaces the system file's schedule.windows (default: any time).")
    List<String> windows = List.of();

    @Option(names = "--pace", paramLabel = "P%", description = "Spend at most this share of the remaining error budget per day (default: the system file's schedule.pace, else 10%%).")
    String pace;

    @Option(names = "--gap", converter = Durations.class, description = "Pause between two continuous experiments (default: the system file's schedule.gap, else 5m).")
    Duration gap;

    @Option(names = "--freeze-burn-rate", paramLabel = "X", description = "Freeze while any SLO burns its budget at X times the sustainable rate or faster over a paging window (default: the system file's schedule.freezeBurnRate, else the windows' own 14.4x and 6x).")
    Double freezeBurnRate;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        run.validate();
        run.requireSystemAndIntents("serve");
        if (tokenFile != null && token != null) throw new InvalidInputException("give --token or --token-file, not both");
        if (tokenFile != null) {
            try {
                token = java.nio.file.Files.readString(tokenFile).strip();
            } catch (java.io.IOException e) {
                throw new InvalidInputException("--token-file " + tokenFile + ": cannot read it (" + e.getMessage() + "); give a readable file holding the token");
            }
        }
        Optional<String> secret = Optional.ofNullable(token).or(() -> Optional.ofNullable(System.getenv("ASSAY_TOKEN"))).filter(t -> !t.isEmpty());
        InetSocketAddress address = address(listen);
        if (!address.getAddress().isLoopbackAddress() && secret.isEmpty()) {
            throw new InvalidInputException("--listen " + listen + " is not loopback: anyone who can reach it could inject faults."
                    + " Pass --token T (clients then send 'Authorization: Bearer T', assay --server URL --token T) or listen on 127.0.0.1");
        }
        Clock clock = Clock.systemUTC();
        SystemConfig sys = SystemFormat.read(run.system);
        Schedule schedule = schedule(sys);
        Map<String, dev.assay.belief.EdgeEvidence> evidence = new java.util.HashMap<>();
        Optional<LiveTopology> live = run.topology == null ? Optional.of(LiveTopology.discover(run.system, sys, clock)) : Optional.empty();
        live.ifPresent(l -> evidence.putAll(l.evidence()));
        Topology topo = live.map(LiveTopology::topology).orElseGet(() -> TopologyFormat.read(run.topology));
        SystemSafety.Bound bound = SystemSafety.bind(sys.defaultSafety(), run.system.getFileName().toString(), IntentFiles.readAtLeastOne(run.intents, topo));
        bound.notes().forEach(err::println);
        List<Intent> intents = bound.intents();
        RunWindows sampling = RunWindows.choose(intents, RunWindows.rates(intents, run.probes, run.probeRate, SliSources.forSystem(sys, clock), run.guardWindow),
                run.baseline, run.levelDuration);
        sampling.lines().forEach(err::println);
        RunnerSettings settings = new RunnerSettings(sampling.baseline(), sampling.level(), run.guardPeriod, run.guardWindow, run.leaseTtl,
                Duration.ofSeconds(60), Duration.ofSeconds(30));
        Path leaseDir = Journals.leaseDir(run.journal);
        List<Injector> injectors = RunWiring.injectors(sys, leaseDir, clock);
        BeliefLearner learner = RunWiring.learner(run.journal, topo, intents, evidence, clock); // as run: the journal's beliefs, else the priors
        List<HttpProbe> probes = new ArrayList<>();
        try (Journal j = Journals.open(run.journal)) {
            for (Recovery.Recovered r : Recovery.recoverUnfinished(j, injectors, clock, run.leaseTtl)) {
                err.println((r.interrupted() ? "recovered " + r.experimentId() + " (was " + r.lastState() + "): INTERRUPTED; "
                        : "checked " + r.experimentId() + ": ") + String.join("; ", r.faults()));
            }
            run.probes.forEach((journey, url) -> probes.add(HttpProbe.start(journey, URI.create(url), run.probeRate, Duration.ofSeconds(10), clock)));
            RunWiring.awaitFirstAnswers(probes);
            RunWiring.Readings readings = RunWiring.readings(sys, probes, clock);
            Controller controller = Controller.builder().system(sys).intents(sampling.runnable()).topology(topo, live.map(LiveTopology::snapshot))
                    .journal(j).learner(learner).schedule(schedule).budgets(ErrorBudgets.create(readings.system(), clock)).clock(clock)
                    .request(SystemSafety.constrain(PlanRequest.defaults().withTop(10_000), sys.defaultSafety()))
                    .listener(new Progress(err, clock))
                    .incidents(() -> j.openIncidents().stream() // an open incident (assay incident add) freezes continuous mode
                            .map(i -> "incident " + i.id() + " on " + i.service() + " (" + i.summary() + ")").toList())
                    .runners(listener -> ExperimentRunner.builder().journal(j).sli(readings.sli()).measurements(readings.measurements())
                            .budget(RunWiring.budget(sys, readings.system(), clock)).injectors(injectors).clock(clock).settings(settings)
                            .listener(listener).beliefs(learner).edges(LiveTopology.watch(sys, clock)).build())
                    .experiments((c, i, t) -> RunWiring.experiment(c, sampling.runnable(), t, sys, run.thresholdSearch, run.maxBurnRate))
                    .discovery(() -> run.topology != null ? Optional.empty() : Optional.of(LiveTopology.discover(run.system, sys, clock))
                            .map(l -> new Controller.Discovered(l.topology(), l.snapshot())))
                    .build();
            return serve(controller, address, secret, schedule, clock, err);
        } finally {
            probes.forEach(HttpProbe::close);
        }
    }

    /** The system file's {@code schedule:} over serve's defaults, and the flags over both. */
    Schedule schedule(SystemConfig sys) {
        Schedule s = Schedule.defaults().with(sys.schedule());
        if (!windows.isEmpty()) s = s.withWindows(windows.stream().map(Window::parse).toList());
        if (pace != null) s = s.withPace(percent(pace));
        if (gap != null) s = s.withGap(gap);
        if (freezeBurnRate != null) s = s.withFreezeBurnRate(java.util.OptionalDouble.of(freezeBurnRate));
        return s;
    }

    private int serve(Controller controller, InetSocketAddress address, Optional<String> secret, Schedule schedule, Clock clock, PrintWriter err)
            throws InterruptedException {
        CountDownLatch signalled = new CountDownLatch(1);
        AtomicBoolean wasRunning = new AtomicBoolean();
        AtomicBoolean stopping = new AtomicBoolean();
        Scheduler scheduler = Scheduler.create(clock, Scheduler.sleeping(clock, stopping::get), schedule, controller.freeze(), controller.journal(),
                controller::remainingBudget, controller::next);
        Signals.onInterrupt(() -> {
            stopping.set(true);
            scheduler.stop();
            wasRunning.set(controller.stop());
            err.println(wasRunning.get() ? "stopping: rolling back every fault of the running experiment (a second signal exits once that is done)"
                    : "stopping: no experiment is running");
            err.flush();
            signalled.countDown();
        }, controller::idle, () -> { }, err);
        try (ApiServer api = ApiServer.start(address, secret, controller)) {
            err.println("assay serve: API on http://" + api.address().getHostString() + ":" + api.address().getPort() + "/api (docs/openapi.yaml), dashboard on http://"
                    + api.address().getHostString() + ":" + api.address().getPort() + ApiServer.DASHBOARD_PATH + "/"
                    + (continuous ? "; continuous mode, " + schedule.describe() : ""));
            err.flush();
            if (continuous) Thread.ofPlatform().name("assay-scheduler").daemon().start(scheduler::run);
            signalled.await();
            long deadline = System.nanoTime() + Signals.ROLLBACK_WAIT.toNanos();
            while (!controller.idle() && System.nanoTime() < deadline) Thread.sleep(20);
            err.println(controller.idle() ? "rolled back and journaled; exiting" : "the rollback did not finish in time; what is left expires with its lease");
            err.flush();
        }
        return wasRunning.get() ? ExitCode.ABORTED : ExitCode.OK;
    }

    static double percent(String text) {
        String t = text.strip();
        try {
            double v = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100 : Double.parseDouble(t);
            if (v > 0 && v <= 1) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("--pace must be a share of the remaining error budget per day in (0, 100%], e.g. 10%, was '" + text + "'");
    }

    static InetSocketAddress address(String listen) {
        int colon = listen.lastIndexOf(':');
        try {
            InetSocketAddress a = new InetSocketAddress(listen.substring(0, colon).replace("[", "").replace("]", ""), Integer.parseInt(listen.substring(colon + 1)));
            if (a.isUnresolved()) throw new IllegalArgumentException("unresolved");
            return a;
        } catch (RuntimeException e) {
            throw new InvalidInputException("--listen must be HOST:PORT, e.g. 127.0.0.1:7474, was '" + listen + "'");
        }
    }
}
