package dev.assay.cli;

import dev.assay.format.TopologyFormat;
import dev.assay.generate.TopologyGenerator;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Topology;
import dev.assay.sim.Bench;
import dev.assay.sim.BenchOptions;
import dev.assay.sim.BenchReport;
import dev.assay.sim.BenchResult;
import dev.assay.sim.StrategyKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay bench}: the learning-efficiency benchmark of Assay's planner against script-style strategies. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure how fast each experiment-selection strategy learns how a simulated system fails.",
                "Every strategy starts from the same prior and runs experiments one at a time through the simulator;",
                "after each, the mean blast-radius prediction error (1 - Jaccard) and the error budget spent are recorded."})
public final class BenchCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--topology", paramLabel = "FILE", description = "The topology file (*.topology.json).")
        Path topology;

        @Option(names = "--generate", paramLabel = "SERVICES", description = "Bench on a generated production-like topology of this many services.")
        Integer generate;
    }

    @Option(names = "--generate-seed", defaultValue = "1", paramLabel = "SEED", description = "Seed of --generate (default: ${DEFAULT-VALUE}).")
    long generateSeed;

    @Option(names = "--seeds", defaultValue = "5", paramLabel = "N", description = "Seeds to average over (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "1", paramLabel = "S", description = "The first seed; seeds S..S+N-1 are run (default: ${DEFAULT-VALUE}).")
    long firstSeed;

    @Option(names = "--strategies", defaultValue = "random,exhaustive,sweep,ldfi,heuristic,eig", split = ",", paramLabel = "LIST",
            description = "Strategies to compare, comma-separated (default: ${DEFAULT-VALUE}); 'oracle' adds the bound of greedy "
                    + "lookahead with the ground truth, 'lookahead' the same on draws from the belief instead (both slow: every "
                    + "candidate tried before each experiment).")
    List<String> strategies;

    @Option(names = "--target-error", defaultValue = "0.05", paramLabel = "E", description = "Mean error that counts as learned (default: ${DEFAULT-VALUE}).")
    double targetError;

    @Option(names = "--max-experiments", defaultValue = "300", paramLabel = "N", description = "Experiments per strategy and seed (default: ${DEFAULT-VALUE}).")
    int maxExperiments;

    @Option(names = "--eval-limit", defaultValue = "" + BenchOptions.DEFAULT_EVALUATION_LIMIT, paramLabel = "N",
            description = "Most evaluation queries per seed; more are sampled down (default: ${DEFAULT-VALUE}).")
    int evaluationLimit;

    @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write curves.csv, curves.svg (the plot) and result.json here.")
    Path out;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Seeds run at once (default: ${DEFAULT-VALUE}); the result is the same for any N.")
    int threads;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        Topology topology = source.topology != null ? TopologyFormat.read(source.topology) : generated();
        BenchOptions options = options();
        PrintWriter err = spec.commandLine().getErr();
        Bench bench = Bench.create(topology, options, line -> {
            if (!quiet) {
                err.println("bench: " + line);
                err.flush();
            }
        });
        BenchResult result = bench.run();
        PrintWriter o = spec.commandLine().getOut();
        o.print(format == Format.json ? BenchReport.json(result) + System.lineSeparator() : BenchReport.text(result));
        o.flush();
        if (out != null) {
            try {
                BenchReport.write(result, out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the bench output to " + out + ": " + e.getMessage(), e);
            }
        }
        return ExitCode.OK;
    }

    private Topology generated() {
        if (source.generate < 2) throw new InvalidInputException("--generate needs at least 2 services, was " + source.generate);
        return TopologyGenerator.generate(source.generate, generateSeed);
    }

    private BenchOptions options() {
        List<StrategyKind> kinds = new ArrayList<>();
        for (String s : strategies) {
            kinds.add(StrategyKind.byId(s).orElseThrow(() -> new InvalidInputException("--strategies: unknown strategy '" + s
                    + "'; use any of random, exhaustive, sweep, ldfi, heuristic, eig, oracle, lookahead")));
        }
        if (seeds < 1) throw new InvalidInputException("--seeds must be at least 1, was " + seeds);
        if (!(targetError > 0 && targetError < 1)) throw new InvalidInputException("--target-error must be in (0, 1), was " + targetError);
        if (maxExperiments < 1) throw new InvalidInputException("--max-experiments must be at least 1, was " + maxExperiments);
        if (evaluationLimit < 1) throw new InvalidInputException("--eval-limit must be at least 1, was " + evaluationLimit);
        if (threads < 1) throw new InvalidInputException("--threads must be at least 1, was " + threads);
        return new BenchOptions(seeds, firstSeed, kinds, targetError, maxExperiments, evaluationLimit, threads);
    }
}
