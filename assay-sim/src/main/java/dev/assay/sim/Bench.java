package dev.assay.sim;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Fault;
import dev.assay.model.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.BiFunction;

/**
 * The learning-efficiency bench: for each seed, a simulated system with that seed's ground truth; for each
 * strategy, a fresh learner from the same prior that runs experiments one at a time through the simulator's
 * Injector and SliSource and learns from each outcome, scored after each on the seed's {@link EvaluationSet}.
 */
public final class Bench {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    /** {@code -Dassay.bench.debug}: each pick and each query still mispredicted at the end, on stderr. */
    private static final boolean DEBUG = System.getProperty("assay.bench.debug") != null;

    private final Topology topology;
    private final BenchOptions options;
    private final BiFunction<Topology, Long, Learner> learners;
    private final Consumer<String> progress;

    Bench(Topology topology, BenchOptions options, BiFunction<Topology, Long, Learner> learners, Consumer<String> progress) {
        this.topology = requireNonNull(topology, "topology");
        this.options = requireNonNull(options, "options");
        this.learners = requireNonNull(learners, "learners");
        this.progress = requireNonNull(progress, "progress");
    }

    /** A bench of Assay's belief model and planner on {@code topology}; {@code progress} gets one line now and then. */
    public static Bench create(Topology topology, BenchOptions options, Consumer<String> progress) {
        return new Bench(topology, options, MechanismLearner::create, progress);
    }

    public BenchResult run() {
        long started = System.nanoTime();
        List<SeedRuns> perSeed = new ArrayList<>();
        int threads = Math.min(options.threads(), options.seeds());
        if (threads <= 1) {
            for (int i = 0; i < options.seeds(); i++) perSeed.add(runSeed(i));
        } else {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<SeedRuns>> futures = new ArrayList<>();
                for (int i = 0; i < options.seeds(); i++) {
                    int index = i;
                    futures.add(pool.submit(() -> runSeed(index)));
                }
                for (java.util.concurrent.Future<SeedRuns> f : futures) perSeed.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the bench was interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        // merged in seed order whatever finished first: the result does not depend on the thread count
        Map<StrategyKind, List<List<BenchResult.Point>>> runs = new LinkedHashMap<>();
        Map<StrategyKind, List<BenchResult.MechanismScore>> scores = new LinkedHashMap<>();
        int queries = 0;
        for (SeedRuns sr : perSeed) {
            queries = sr.queries();
            sr.runs().forEach((kind, run) -> {
                runs.computeIfAbsent(kind, k -> new ArrayList<>()).add(run.curve);
                run.score.ifPresent(sc -> scores.computeIfAbsent(kind, k -> new ArrayList<>()).add(sc));
            });
        }
        Map<String, BenchResult.StrategyResult> results = new LinkedHashMap<>();
        runs.forEach((kind, curves) -> results.put(kind.id(), average(curves, scores.getOrDefault(kind, List.of()))));
        return new BenchResult(topology.name(), topology.services().size(), queries, options, results,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private record SeedRuns(int queries, Map<StrategyKind, Run> runs) {
    }

    private SeedRuns runSeed(int i) {
        long seed = options.firstSeed() + i;
        long t0 = System.nanoTime();
        Simulator simulator = Simulator.create(topology, GroundTruth.of(topology, seed));
        EvaluationSet evaluation = EvaluationSet.of(topology, simulator, learners.apply(topology, seed), options.evaluationLimit(), seed);
        progress.accept(String.format("seed %d (%d/%d): ground truth and %d evaluation queries ready, %.1f s",
                seed, i + 1, options.seeds(), evaluation.size(), (System.nanoTime() - t0) / 1e9));
        Map<StrategyKind, Run> out = new LinkedHashMap<>();
        for (StrategyKind kind : options.strategies()) out.put(kind, runOne(kind, simulator, evaluation, seed, i));
        return new SeedRuns(evaluation.size(), out);
    }

    private record Run(List<BenchResult.Point> curve, Optional<BenchResult.MechanismScore> score) {
    }

    private Run runOne(StrategyKind kind, Simulator simulator, EvaluationSet evaluation, long seed, int seedIndex) {
        long t0 = System.nanoTime();
        SimulatedSystem system = SimulatedSystem.create(simulator, SimulatedClock.startingAt(START), seed);
        Experimenter experimenter = new Experimenter(system);
        Learner learner = kind.remembers() ? MemoryLearner.create() : learners.apply(topology, seed);
        Strategy strategy = kind == StrategyKind.ORACLE ? new OracleStrategy(GraphOrder.of(topology), learner, simulator, evaluation, seed)
                : kind.create(topology, learner, seed);
        List<BenchResult.Point> curve = new ArrayList<>();
        MechanismAccuracy accuracy = new MechanismAccuracy(topology, simulator);
        Optional<BenchResult.MechanismScore> score = Optional.empty();
        double budget = 0;
        double[] errors = evaluation.errors(learner);
        double error = errors[0];
        curve.add(new BenchResult.Point(0, error, 0, errors[1]));
        long lastLine = System.nanoTime();
        for (int n = 1; n <= options.maxExperiments(); n++) {
            Optional<Fault> next = strategy.next();
            if (next.isEmpty()) break;
            Observed observed = experimenter.run(next.get());
            accuracy.reached(next.get());
            learner.learn(next.get(), observed);
            strategy.observed(next.get(), observed);
            budget += observed.budget();
            if (options.evaluatesAfter(n)) {
                errors = evaluation.errors(learner);
                error = errors[0];
                curve.add(new BenchResult.Point(n, error, budget, errors[1]));
                if (DEBUG) System.err.printf("pick seed %d %s %d: %s on %s at level %d (%.1f%%), error %.3f%n", seed, kind.id(), n,
                        next.get().type().id(), next.get().target(), dev.assay.belief.ChaosScale.level(next.get()), next.get().scope().percent(), error);
                if (score.isEmpty() && error <= options.targetError()) score = accuracy.score(learner);
            }
            long now = System.nanoTime();
            if (n % 10 == 0 || n == options.maxExperiments() || now - lastLine > 15_000_000_000L) {
                lastLine = now;
                progress.accept(String.format("seed %d (%d/%d) %s: %d/%d experiments, error %.3f, budget %.3f, %.1f s",
                        seed, seedIndex + 1, options.seeds(), kind.id(), n, options.maxExperiments(), error, budget,
                        (System.nanoTime() - t0) / 1e9));
            }
        }
        if (curve.get(curve.size() - 1).experiments() == 0 || !options.evaluatesAfter(curve.get(curve.size() - 1).experiments())) {
            errors = evaluation.errors(learner);
            curve.add(new BenchResult.Point(curve.get(curve.size() - 1).experiments(), errors[0], budget, errors[1]));
        }
        if (score.isEmpty()) score = accuracy.score(learner);
        if (DEBUG) evaluation.wrong(learner).forEach(w -> System.err.println("wrong query " + kind.id() + " " + w));
        progress.accept(String.format("seed %d (%d/%d) %s: done after %d experiments, error %.3f, %.1f s",
                seed, seedIndex + 1, options.seeds(), kind.id(), curve.get(curve.size() - 1).experiments(), error,
                (System.nanoTime() - t0) / 1e9));
        score.ifPresent(sc -> progress.accept(String.format("seed %d %s: mechanisms right on %.1f%% of %.0f reached edges (%.1f%% up to what any plannable experiment shows, %.1f%% equivalent on what was tested)",
                seed, kind.id(), 100 * sc.exact(), sc.edges(), 100 * sc.identifiable(), 100 * sc.equivalent())));
        return new Run(curve, score);
    }

    /** Seed-averaged curve; a run that stopped early keeps its last error and budget for the later points. */
    private BenchResult.StrategyResult average(List<List<BenchResult.Point>> curves, List<BenchResult.MechanismScore> scores) {
        List<Integer> xs = new ArrayList<>();
        for (List<BenchResult.Point> c : curves) {
            for (BenchResult.Point p : c) if (!xs.contains(p.experiments())) xs.add(p.experiments());
        }
        xs.sort(null);
        List<BenchResult.Point> mean = new ArrayList<>();
        for (int x : xs) {
            double e = 0;
            double b = 0;
            double je = 0;
            for (List<BenchResult.Point> c : curves) {
                BenchResult.Point last = c.get(0);
                for (BenchResult.Point p : c) if (p.experiments() <= x) last = p;
                e += last.error();
                b += last.budget();
                je += last.journeyError();
            }
            mean.add(new BenchResult.Point(x, e / curves.size(), b / curves.size(), je / curves.size()));
        }
        Optional<BenchResult.Point> reached = mean.stream().filter(p -> p.error() <= options.targetError()).findFirst();
        Optional<BenchResult.MechanismScore> score = scores.isEmpty() ? Optional.empty() : Optional.of(new BenchResult.MechanismScore(
                scores.stream().mapToDouble(BenchResult.MechanismScore::exact).average().orElse(0),
                scores.stream().mapToDouble(BenchResult.MechanismScore::equivalent).average().orElse(0),
                scores.stream().mapToDouble(BenchResult.MechanismScore::identifiable).average().orElse(0),
                scores.stream().mapToDouble(BenchResult.MechanismScore::edges).average().orElse(0)));
        BenchResult.Point last = mean.get(mean.size() - 1);
        return new BenchResult.StrategyResult(reached.map(BenchResult.Point::experiments), reached.map(BenchResult.Point::budget),
                last.error(), last.journeyError(), mean, score);
    }
}
