package dev.assay.demo;

import dev.assay.belief.Belief;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.format.IntentFormat;
import dev.assay.format.TopologyFormat;
import dev.assay.journal.Journal;
import dev.assay.model.AssayException;
import dev.assay.model.Edge;
import dev.assay.model.Expectation;
import dev.assay.model.Intent;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import dev.assay.planner.Candidate;
import dev.assay.planner.PlanRequest;
import dev.assay.runner.BeliefLearner;
import dev.assay.runner.Campaign;
import dev.assay.safety.SystemSafety;
import dev.assay.runner.Experiment;
import dev.assay.runner.Guard;
import dev.assay.runner.Reports;
import dev.assay.runner.ExperimentRunner;
import dev.assay.runner.ProcessInjector;
import dev.assay.runner.ToxiproxyInjector;
import dev.assay.spi.Reading;
import dev.assay.telemetry.EdgeStats;
import dev.assay.telemetry.GraphSnapshot;
import dev.assay.telemetry.LiveGraph;
import dev.assay.telemetry.OtlpReceiver;
import dev.assay.telemetry.StaleIntents;
import dev.assay.verdict.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One run of the demo: the loop of {@link Demo}, and everything it started, closed in reverse order. */
final class DemoRun {
    private final Demo.Builder config;
    private final DemoListener listener;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile ExperimentRunner runner;
    private volatile DemoStack stack;
    private volatile OtlpReceiver receiver;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<String, Path> fileOf = new LinkedHashMap<>();
    private final Map<String, Intent> intents = new LinkedHashMap<>();
    private int experimentCount;
    /** The demo journeys' SLO: 99% success (over an hour, see {@link DemoSlis#remaining}). */
    static final double SLO_OBJECTIVE = 0.99;
    /**
     * Abort when a journey burns its error budget faster than this over the guard window: 50x the sustainable rate of
     * a 99% SLO is half its requests failing, the journey disabled (at that rate the hour's budget is gone in 72 s).
     * A degradation short of that is left to the verdict, so partial failures are still REFUTED with evidence.
     */
    static final double MAX_BURN_RATE = 50;

    DemoRun(Demo.Builder config) {
        this.config = config;
        this.listener = config.listener;
    }

    void stop() {
        stopRequested = true;
        ExperimentRunner r = runner;
        if (r != null) r.stop();
    }

    boolean idle() {
        ExperimentRunner r = runner;
        return r == null || r.idle();
    }

    Optional<String> addresses() {
        DemoStack s = stack;
        if (s == null) return Optional.empty();
        return Optional.of("shop: " + s.shop().frontend() + "  fault proxy API (Toxiproxy): http://" + s.proxy().apiAddress().getHostString()
                + ":" + s.proxy().apiAddress().getPort() + "  proxies: " + s.proxyAddresses().entrySet().stream()
                .map(e -> e.getKey() + "=127.0.0.1:" + e.getValue().getPort()).collect(Collectors.joining(" ")));
    }

    DemoSummary run() {
        Instant t0 = config.clock.instant();
        try {
            return loop(t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssayException("the demo was interrupted", e);
        } finally {
            if (!config.keepRunning || stopRequested) close();
        }
    }

    private DemoSummary loop(Instant t0) throws InterruptedException {
        Path workdir = createWorkdir(config.workdir);
        Path intentsDir = config.intents.orElseGet(() -> DemoIntents.extractTo(workdir.resolve("intents")));
        Path journalFile = workdir.resolve("journal.db");
        Path reportFile = workdir.resolve("report.html");
        listener.phase("start", "work directory " + workdir);
        Journal journal = Journal.open(journalFile);
        started.add(journal);
        LiveGraph graph = LiveGraph.create(config.clock, Duration.ofMillis(500), 20_000);
        receiver = OtlpReceiver.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), graph);
        started.add(receiver);
        URI otlp = URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces");
        listener.note("OTLP receiver on " + otlp);
        stack = DemoStack.start(Optional.of(otlp), config.timings.rate(), config.clock, config.shop);
        started.add(stack);
        listener.note("shop entry " + stack.shop().frontend() + ", fault proxy API http://127.0.0.1:" + stack.proxy().apiAddress().getPort());
        listener.note("shop: " + stack.shop().services().size() + " services on loopback, email as process "
                + stack.shop().process("email").map(p -> "pid " + p.pid()).orElse("?") + "; " + stack.proxyAddresses().size()
                + " fault proxies in front of the callees; load " + (int) config.timings.rate() + " requests/s");
        Map<String, InetSocketAddress> own = new LinkedHashMap<>();
        stack.shop().services().forEach(s -> own.put(s, stack.shop().address(s)));
        ServiceSlis serviceSlis = ServiceSlis.start(own, Duration.ofMillis(500), config.clock);
        started.add(serviceSlis);
        DemoSlis slis = new DemoSlis(stack.load(), serviceSlis, SLO_OBJECTIVE, config.clock);
        LlmEdgeMeter llmMeter = LlmEdgeMeter.create(stack.shop().address("assistant").getPort(), stack.proxy().apiAddress().getPort());
        started.add(llmMeter);

        listener.phase("discover", "building the dependency graph from traces");
        GraphSnapshot seen = Discovery.awaitStable(graph, stack.load(), config.timings.discoveryMin(), config.timings.discoveryMax(),
                () -> stopRequested, listener);
        Instant steadySince = seen.takenAt().minus(Discovery.STEADY);
        GraphSnapshot snapshot = Discovery.seenSince(seen, steadySince);
        Topology topology = snapshot.toTopology("assay-demo-shop", Discovery.JOURNEYS);
        listener.note(Discovery.render(snapshot, topology));
        List<String> discoveredEdges = topology.edges().stream().map(Edge::key).sorted().toList();

        listener.phase("validate", "intents in " + intentsDir);
        List<Intent> parsed = readIntents(intentsDir);
        Path previousFile = intentsDir.resolve(DemoIntents.PREVIOUS_TOPOLOGY);
        var drift = Files.exists(previousFile) ? Discovery.drift(TopologyFormat.read(previousFile), topology)
                : Discovery.drift(topology, topology);
        if (!drift.removedEdges().isEmpty()) listener.note("since " + previousFile.getFileName() + ": edges removed " + drift.removedEdges()
                + ", added " + drift.addedEdges());
        List<DemoSummary.Stale> stale = new ArrayList<>();
        for (StaleIntents.Stale s : StaleIntents.find(parsed, drift, snapshot)) {
            stale.add(new DemoSummary.Stale(s.intentId(), s.reasons()));
            listener.note("STALE " + s.intentId() + ": " + String.join("; ", s.reasons()));
        }
        Set<String> staleIds = stale.stream().map(DemoSummary.Stale::intent).collect(Collectors.toSet());
        List<Intent> valid = new ArrayList<>();
        for (Intent i : parsed) {
            if (staleIds.contains(i.id())) continue;
            try {
                IntentFormat.read(fileOf.get(i.id()), Optional.of(topology)).stream().filter(x -> x.id().equals(i.id())).forEach(valid::add);
                listener.note("valid " + i.id());
            } catch (InvalidInputException e) {
                listener.note("INVALID " + i.id() + " against the discovered topology: " + e.getMessage());
            }
        }

        if (!config.systemSafetySource.isEmpty()) { // the system file's safety binds every intent, as in plan and run
            SystemSafety.Bound bound = SystemSafety.bind(config.systemSafety, config.systemSafetySource, valid);
            bound.notes().forEach(listener::note);
            valid = new ArrayList<>(bound.intents());
        }
        valid.forEach(i -> intents.put(i.id(), i));
        listener.phase("plan", "beliefs from traces and declared mechanisms; ranking by expected information gain per unit of error budget");
        Belief belief = Belief.create(SystemGraph.of(topology), Priors.of(Discovery.evidence(snapshot), valid),
                Belief.Settings.DEFAULTS, config.clock);
        BeliefLearner learner = BeliefLearner.of(belief, Discovery.evidence(snapshot), valid, config.clock);
        runner = ExperimentRunner.builder().journal(journal).sli(slis).measurements(slis).budget(slis)
                .injector(ToxiproxyInjector.create(URI.create("http://127.0.0.1:" + stack.proxy().apiAddress().getPort()), config.clock))
                .injector(ProcessInjector.create(processTargets(), createWorkdir(workdir.resolve("leases")), java.time.Clock.systemUTC()))
                .clock(config.clock).settings(config.timings.runner()).listener(new dev.assay.runner.BothListeners(llmMeter, listener)).beliefs(learner)
                .edges(() -> Discovery.seenSince(graph.snapshot(), steadySince).edges().stream().map(EdgeStats::key).collect(Collectors.toSet()))
                .build();
        if (stopRequested) runner.stop();

        PlanRequest d = PlanRequest.defaults();
        // Every candidate, so no intent is crowded out by generated ones; an intent teaching < 0.05 bits is redundant.
        PlanRequest base = new PlanRequest(d.remainingBudgetMinutes(), d.exclusionZones(), d.degradedServices(), d.trafficMix(), 10_000,
                d.exactTop(), d.seed(), d.involvementThreshold(), d.maxBlastRadius(), 0.05, d.generatedDuration(),
                d.generatedBudgetFraction(), d.latencyScope(), config.timings.runner().guardWindow(), d.overheadMinutes());
        PlanRequest request = SystemSafety.constrain(base, config.systemSafety);
        slis.startBudgetSession();
        Campaign.Result result = Campaign.builder().learner(learner).intents(valid).runner(runner).request(request)
                .experiments(c -> experiment(c, request, topology)).listener(campaignListener())
                .beforeEach(intent -> {
                    try {
                        if (!awaitSteadyState(slis, intent)) {
                            listener.note("steady state of " + intent.targetBehavior() + " not reached within "
                                    + config.timings.steadyWait().toSeconds() + " s; the pre-flight will decide");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        stop();
                    }
                }).build().run(Integer.MAX_VALUE);

        listener.phase("summary", stopRequested ? "stopped early" : "what was learned");
        long toxicsLeft = stack.proxy().proxies().stream().mapToLong(p -> p.toxics().size()).sum();
        listener.note(toxicsLeft == 0 ? "no fault left behind: 0 toxics on " + stack.proxy().proxies().size() + " proxies"
                : "WARNING: " + toxicsLeft + " toxics still on the proxies (they expire with their leases; closing the proxy removes them)");
        List<DemoSummary.Experiment> experiments = result.outcomes().stream().map(DemoRun::result).toList();
        List<DemoSummary.Redundant> redundant = result.redundant().stream().map(r -> new DemoSummary.Redundant(r.intent(), r.pHolds())).toList();
        DemoSummary summary = new DemoSummary(journalFile, reportFile, Duration.between(t0, config.clock.instant()).toMillis() / 1000.0,
                experiments, stale, redundant, result.learned(), discoveredEdges, stopRequested, llmEdge(result.outcomes(), llmMeter));
        DemoReport.write(reportFile, DemoReport.withLlmEdge(Reports.render(result.outcomes(), result.learned(), Reports.Format.HTML), summary.llmEdge()));
        return summary;
    }

    /** What each experiment on the LLM measured of the assistant's mechanisms ({@link LlmEdgeFinding}). */
    private List<LlmEdgeFinding> llmEdge(List<Outcome> outcomes, LlmEdgeMeter meter) {
        List<LlmEdgeFinding> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            Intent i = intents.get(o.intentId());
            if (i == null || !i.fault().target().equals("llm")) continue;
            meter.windows(o.experimentId()).flatMap(w -> LlmEdgeFinding.of(i.id(), i.fault(), w)).ifPresent(out::add);
        }
        return out;
    }

    private Campaign.Listener campaignListener() {
        return new Campaign.Listener() {
            @Override
            public void chosen(int n, Candidate c) {
                listener.phase("experiment", String.format("%d: %s  (EIG %.3f bits, expected cost %.4f budget-minutes; %s)", n, c.intent().orElseThrow(),
                        c.eigBits(), c.expectedCost(), c.resolves()));
            }

            @Override
            public void redundant(String intent, double pHolds) {
                listener.note(String.format("REDUNDANT %s: already near-certain (P(holds) = %.3f), not run", intent, pHolds));
            }

            @Override
            public void blocked(String intent, List<String> reasons) {
                listener.note("BLOCKED " + intent + ": " + reasons);
            }

            @Override
            public void aborted(Outcome o, boolean continuing) {
                listener.note("guard abort, learned from it" + (continuing ? "; going on with the next candidate" : ""));
            }
        };
    }

    private Map<String, String> processTargets() {
        Map<String, String> targets = new LinkedHashMap<>();
        for (String s : stack.shop().services()) stack.shop().process(s).ifPresent(p -> targets.put(s, "pid:" + p.pid()));
        return targets;
    }

    private List<Intent> readIntents(Path dir) {
        List<Intent> all = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".intent.yaml") || p.toString().endsWith(".intent.json")).sorted().toList()) {
                try {
                    for (Intent i : IntentFormat.read(f, Optional.empty())) {
                        all.add(i);
                        fileOf.put(i.id(), f);
                    }
                } catch (InvalidInputException e) {
                    problems.add(e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the intents in " + dir, e);
        }
        if (!problems.isEmpty()) throw new InvalidInputException(String.join("\n", problems));
        if (all.isEmpty()) throw new InvalidInputException("no *.intent.yaml files in " + dir + "; give a directory of intents with --intents");
        return all;
    }

    /**
     * Waits until every criterion of the intent holds over its minSteadyState and over the runner's recent window: what
     * the pre-flight checks (steady, and not degraded now). Checking the steady window alone let a campaign's first
     * experiments start while a loaded machine's warm-up still failed checkouts now (19% over the last 2 s, 3% over 5 s)
     * and the pre-flight refused them: the cart-db outage, the fragile cart -> cart-db edge's only test, never ran.
     */
    private boolean awaitSteadyState(DemoSlis slis, Intent intent) throws InterruptedException {
        long deadline = System.nanoTime() + config.timings.steadyWait().toNanos();
        Duration recent = config.timings.runner().recentWindow();
        Duration window = intent.safety().minSteadyState().isZero() ? recent : intent.safety().minSteadyState();
        while (!stopRequested && System.nanoTime() < deadline) {
            if (steady(slis, intent, window, recent)) return true;
            Thread.sleep(250);
        }
        return false;
    }

    /** Whether every steady-state criterion of the intent holds over {@code window} and over {@code recent}. */
    static boolean steady(dev.assay.spi.SliSource slis, Intent intent, Duration window, Duration recent) {
        for (Expectation e : intent.steadyState()) {
            for (Duration w : List.of(window, recent)) {
                if (!(slis.read(e.sli(), w) instanceof Reading.Known k && e.holds(k.value()))) return false;
            }
        }
        return true;
    }

    /**
     * The experiment for a chosen candidate: journey SLO guards on every journey that uses the fault's target (burn
     * rate of its 99% SLO over the guard window), every other service watched, and recovery waiting for every journey's
     * errors and p95 latency to be back within their baseline's spread.
     */
    private Experiment experiment(Candidate c, PlanRequest request, Topology topology) {
        Intent intent = intents.get(c.intent().orElseThrow());
        List<String> predicted = c.predictedBlastRadius().entrySet().stream()
                .filter(e -> e.getValue() >= 0.5 && !e.getKey().equals(intent.fault().target())).map(Map.Entry::getKey).toList();
        Set<String> known = new LinkedHashSet<>();
        topology.services().forEach(s -> known.add(s.name()));
        topology.edges().forEach(e -> known.add(e.key()));
        Map<String, List<String>> watched = new LinkedHashMap<>();
        for (Service s : topology.services()) {
            if (!s.name().equals(intent.fault().target())) watched.put(s.name(), List.of(ServiceSlis.errorsSli(s.name()))); // + its latency.p50/p99 in the outcome
        }
        List<Guard> guards = journeyGuards(topology, intent);
        double costFraction = request.remainingBudgetMinutes() > 0 ? c.expectedCost() / request.remainingBudgetMinutes() : 1;
        String id = ("demo-" + (++experimentCount) + "-" + intent.id()).replaceAll("[^A-Za-z0-9._-]", "-");
        List<String> recovery = topology.journeys().stream().flatMap(j -> Stream.of(j.name() + ".errors.rate", j.name() + ".latency.p95")).toList();
        return new Experiment(id.length() > 80 ? id.substring(0, 80) : id, intent, predicted, costFraction, Experiment.Mode.of(intent, false),
                guards, known, watched, recovery);
    }

    /** A burn-rate guard on the errors of every journey that uses the fault's target (its SLO: 99% success, see {@link #MAX_BURN_RATE}). */
    static List<Guard> journeyGuards(Topology topology, Intent intent) {
        return topology.journeys().stream().filter(j -> j.services().contains(intent.fault().target()))
                .map(j -> Guard.sloBurnRate(j.name() + "-99", j.name() + ".errors.rate", 1 - SLO_OBJECTIVE, MAX_BURN_RATE)).toList();
    }

    private static DemoSummary.Experiment result(Outcome o) {
        List<String> evidence = o.verdict().evidence().stream().map(DemoRun::describe).toList();
        return new DemoSummary.Experiment(o.intentId(), o.verdict().kind(), o.verdictReason(), o.abortReason(),
                o.abortLatency().map(Duration::toMillis), o.discovered(), o.bitsGained(), evidence);
    }

    /** One criterion's evidence in a line: {@code checkout.errors.rate 0.000 [0, 0.0097] n=257 vs 0.000 (n=188) in the baseline: HOLDS}. */
    static String describe(dev.assay.verdict.Evidence e) {
        String interval = e.interval().map(i -> String.format(" [%.4g, %.4g]", i.low(), i.high())).orElse("");
        return String.format("%s %.4g%s n=%d vs %.4g (n=%d) in the %s: %s", e.sli(), e.during(), interval, e.duringSamples(), e.baseline(),
                e.baselineSamples(), e.reference() == dev.assay.verdict.Evidence.Reference.CONTROL_COHORT ? "control cohort" : "baseline", e.decision());
    }

    private static Path createWorkdir(Path dir) {
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory " + dir + "; choose another with --workdir", e);
        }
    }

    /** Stops everything started, newest first; idempotent; waits for a run in progress to finish closing. */
    void close() {
        if (!closed.compareAndSet(false, true)) return;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                listener.note("while stopping: " + e);
            }
        }
        finished.countDown();
    }

    /** Waits until {@link #close()} has stopped everything (for a shutdown hook). */
    boolean awaitClosed(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
