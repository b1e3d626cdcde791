package dev.assay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.belief.Belief;
import dev.assay.belief.EdgeExplanation;
import dev.assay.belief.MechanismBelief;
import dev.assay.belief.MechanismPriors;
import dev.assay.belief.EdgeEvidence;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.format.SystemFormat;
import dev.assay.format.TopologyFormat;
import dev.assay.model.Intent;
import dev.assay.model.SystemConfig;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Topology;
import dev.assay.planner.Candidate;
import dev.assay.planner.Plan;
import dev.assay.planner.PlanRequest;
import dev.assay.planner.Planner;
import dev.assay.telemetry.EdgeStats;
import dev.assay.telemetry.GraphDiscovery;
import dev.assay.telemetry.GraphSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay plan}: the candidate experiments ranked by expected information gain per unit of error budget. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Rank candidate experiments by expected information gain (bits) per unit of error budget, inside the hard",
                "safety constraints. Candidates: each intent's fault, plus every service a journey reaches x fault class x level.",
                "Blocked candidates are listed with what blocked them; near-certain intents are reported as redundant."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:ok", "2:invalid input or usage"})
public final class PlanCommand implements Callable<Integer> {
    enum Format { text, json }

    static final class Source {
        @Option(names = "--topology", required = true, paramLabel = "FILE", description = "The system as a *.topology.json file.")
        Path topology;

        @Option(names = "--system", required = true, paramLabel = "FILE", description = "A system configuration (assay.yaml): the system is discovered from its trace sources (last hour).")
        Path system;
    }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--intents", paramLabel = "DIR|FILE", description = "Intent files (*.intent.yaml|yml|json), or a directory searched recursively.")
    Path intents;

    @Option(names = "--top", defaultValue = "10", description = "How many runnable candidates to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the Monte-Carlo estimates; same inputs and seed give the same plan (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        if (top < 1) throw new InvalidInputException("--top must be at least 1, was " + top);
        Map<String, EdgeEvidence> evidence = new HashMap<>();
        Topology topology = source.topology != null ? TopologyFormat.read(source.topology) : discover(source.system, evidence);
        List<Intent> list = intents == null ? List.of() : IntentFiles.read(intents, Optional.of(topology));
        Belief belief = Belief.create(SystemGraph.of(topology), Priors.of(evidence, list), Belief.Settings.DEFAULTS, Clock.systemUTC());
        Plan plan = Planner.create(belief, list).plan(PlanRequest.defaults().withTop(top).withSeed(seed));
        MechanismBelief mechanisms = MechanismBelief.create(SystemGraph.of(topology), MechanismPriors.of(evidence, list), MechanismBelief.Settings.DEFAULTS);
        PrintWriter out = spec.commandLine().getOut();
        out.print(format == Format.json ? PlanOutput.json(plan, mechanisms) : PlanOutput.text(topology, plan, seed, mechanisms));
        out.flush();
        return ExitCode.OK;
    }

    /**
     * The system model discovered from the trace sources of a system configuration (over the last hour),
     * with what traces say about each edge (client timeouts, retries, call rate) as prior evidence.
     */
    private static Topology discover(Path systemFile, Map<String, EdgeEvidence> evidence) {
        SystemConfig sys = SystemFormat.read(systemFile);
        GraphDiscovery discovery = GraphDiscovery.create(Clock.systemUTC()).lookback(Duration.ofHours(1), 1000).system(sys, Optional.empty());
        if (!discovery.hasSources()) {
            throw new InvalidInputException(systemFile + ": spec.telemetry has no trace source (zipkin, jaeger, otlp-file, proxy) to discover"
                    + " the system from; add one, or plan from a topology file with --topology FILE");
        }
        GraphSnapshot snapshot = discovery.run().snapshot();
        if (snapshot.services().isEmpty()) {
            throw new InvalidInputException(systemFile + ": no services discovered from its telemetry sources in the last hour;"
                    + " check that traces reach them, or use --topology FILE");
        }
        for (EdgeStats e : snapshot.edges()) {
            double retries = e.errors() == 0 ? 0 : e.inference().retriedCalls() / (double) e.errors();
            evidence.put(e.key(), new EdgeEvidence(e.inference().timeout(), retries, e.callsPerSecond()));
        }
        return snapshot.toTopology(sys.name(), sys.journeys());
    }


    /** The two output forms of a plan. */
    static final class PlanOutput {
        private PlanOutput() {
        }

        static String json(Plan plan, MechanismBelief mechanisms) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = m.createObjectNode();
            ArrayNode cands = root.putArray("candidates");
            for (Candidate c : plan.candidates()) {
                ObjectNode o = cands.addObject();
                o.put("id", c.id());
                c.intent().ifPresentOrElse(i -> o.put("intent", i), () -> o.putNull("intent"));
                ObjectNode f = o.putObject("fault");
                f.put("type", c.fault().type().id());
                f.put("target", c.fault().target());
                ObjectNode mag = f.putObject("magnitude");
                c.fault().peak().values().forEach(mag::put);
                f.putObject("scope").put("percent", c.fault().scope().percent());
                o.put("eigBits", c.eigBits());
                o.put("expectedCost", c.expectedCost());
                o.put("score", c.score());
                ObjectNode radius = o.putObject("predictedBlastRadius");
                c.predictedBlastRadius().forEach(radius::put);
                o.put("runnable", c.runnable());
                ArrayNode blocked = o.putArray("blockedBy");
                c.blockedBy().forEach(blocked::add);
                o.put("resolves", c.resolves());
                ArrayNode tests = o.putArray("mechanisms");
                for (EdgeExplanation x : mechanisms.explainCallersOf(c.fault().target())) {
                    tests.addObject().put("edge", x.caller() + "->" + x.callee()).put("mechanism", x.mechanism().describe())
                            .put("probability", x.probability()).put("text", x.text());
                }
            }
            ArrayNode redundant = root.putArray("redundant");
            plan.redundant().forEach(r -> redundant.addObject().put("intent", r.intent()).put("pHolds", r.pHolds()));
            root.putObject("stats").put("candidates", plan.stats().candidates()).put("planMillis", plan.stats().planMillis());
            try {
                return m.writeValueAsString(root) + "\n";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static String text(Topology topology, Plan plan, long seed, MechanismBelief mechanisms) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "plan for %s: %d candidates in %d ms (seed %d)%n", topology.name(),
                    plan.stats().candidates(), plan.stats().planMillis(), seed));
            int rank = 0;
            for (Candidate c : plan.candidates()) {
                if (c.runnable()) {
                    sb.append(String.format(Locale.ROOT, "%3d. %-40s %.3f bits, cost %.4f, score %.1f: resolves %s%n",
                            ++rank, c.id(), c.eigBits(), c.expectedCost(), c.score(), c.resolves()));
                    for (EdgeExplanation x : mechanisms.explainCallersOf(c.fault().target())) sb.append("       tests ").append(x.text()).append('\n');
                } else {
                    sb.append(String.format(Locale.ROOT, "  -  %-40s blocked: %s%n", c.id(), String.join("; ", c.blockedBy())));
                }
            }
            if (rank == 0) sb.append("no runnable candidate: every one is blocked by a safety constraint\n");
            for (Plan.Redundant r : plan.redundant()) {
                sb.append(String.format(Locale.ROOT, "  =  intent:%-33s redundant: already near-certain, P(holds)=%.3f%n", r.intent(), r.pHolds()));
            }
            return sb.toString();
        }
    }
}
