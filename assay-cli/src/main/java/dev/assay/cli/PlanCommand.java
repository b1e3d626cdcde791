package dev.assay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.belief.Belief;
import dev.assay.belief.EdgeExplanation;
import dev.assay.belief.MechanismBelief;
import dev.assay.belief.EdgeEvidence;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.format.CandidateJson;
import dev.assay.format.SystemFormat;
import dev.assay.format.TopologyFormat;
import dev.assay.model.Intent;
import dev.assay.model.Safety;
import dev.assay.model.SystemConfig;
import dev.assay.safety.SystemSafety;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Topology;
import dev.assay.planner.EntryFaults;
import dev.assay.planner.Candidate;
import dev.assay.planner.Plan;
import dev.assay.planner.PlanRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import dev.assay.journal.Journal;
import dev.assay.runner.BeliefLearner;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
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

    @Spec
    CommandSpec spec;

    @Option(names = "--topology", paramLabel = "FILE", description = "The system as a *.topology.json file.")
    Path topology;

    @Option(names = "--system", paramLabel = "FILE", description = {"A system configuration (assay.yaml): its spec.safety binds every intent",
            "(the stricter value wins). Without --topology, the system is discovered from its trace sources (last hour)."})
    Path system;

    @Option(names = "--intents", paramLabel = "DIR|FILE", description = "Intent files (*.intent.yaml|yml|json), or a directory searched recursively.")
    Path intents;

    @Option(names = "--top", defaultValue = "10", description = "How many runnable candidates to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the Monte-Carlo estimates; same inputs and seed give the same plan (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--journal", defaultValue = Journals.DEFAULT, paramLabel = "PATH|URL",
            description = "Plan on the beliefs the journal's experiments left, when it has any (a SQLite file or postgresql://user:password@host:port/database; default: ${DEFAULT-VALUE}, assay run's).")
    String journal;

    @picocli.CommandLine.Mixin
    ServerClient.Options server;

    @Override
    public Integer call() {
        if (top < 1) throw new InvalidInputException("--top must be at least 1, was " + top);
        var remote = server.client();
        if (remote.isPresent()) return remote(remote.get());
        if (topology == null && system == null) {
            throw new InvalidInputException("give the system to plan on: --topology FILE, --system assay.yaml (discovered from its traces), or both");
        }
        Map<String, EdgeEvidence> evidence = new HashMap<>();
        Optional<SystemConfig> sys = Optional.ofNullable(system).map(SystemFormat::read);
        Topology model = topology != null ? TopologyFormat.read(topology) : discover(system, sys.orElseThrow(), evidence);
        Safety defaults = sys.map(SystemConfig::defaultSafety).orElse(Safety.NONE);
        SystemSafety.Bound bound = SystemSafety.bind(defaults, system == null ? "the defaults" : system.getFileName().toString(),
                intents == null ? List.of() : IntentFiles.read(intents, Optional.of(model)));
        List<Intent> list = bound.intents();
        Priors priors = Priors.of(evidence, list);
        Belief belief = journalBelief(model, priors)
                .orElseGet(() -> Belief.create(SystemGraph.of(model), priors, Belief.Settings.DEFAULTS, Clock.systemUTC()));
        // the mechanism belief: from these priors, plus every measured outcome the journal's learner learned from
        BeliefLearner learner = BeliefLearner.of(belief, evidence, list, Clock.systemUTC());
        journalSnapshot().ifPresent(learner::continueFrom);
        // more than --top, so that faults on a journey's own entry can be moved behind the others and the top still filled
        PlanRequest request = SystemSafety.constrain(PlanRequest.defaults().withTop(top * 4 + 8).withSeed(seed), defaults);
        MechanismBelief mechanisms = learner.mechanisms();
        // generated candidates rank by expected information about the edges' mechanisms; cost and constraints from the tolerance belief
        Plan plan = EntryFaults.last(learner.planner(list).plan(request), model, top);
        PrintWriter out = spec.commandLine().getOut();
        out.print(format == Format.json ? PlanOutput.json(plan, bound.notes(), mechanisms) : PlanOutput.text(model, plan, seed, bound.notes(), mechanisms));
        if (format == Format.text && system != null && !list.isEmpty()) out.print(windows(list));
        warnings.forEach(spec.commandLine().getErr()::println);
        spec.commandLine().getErr().flush();
        out.flush();
        return ExitCode.OK;
    }

    /** The journal's latest belief snapshot, when there is a journal. */
    private Optional<String> journalSnapshot() {
        if (!Journals.exists(journal)) return Optional.empty();
        try (Journal j = Journals.open(journal)) {
            return j.latestBeliefs();
        }
    }

    /** What earlier experiments taught: the journal's latest belief snapshot, restored onto this topology. */
    private Optional<Belief> journalBelief(Topology topology, Priors priors) {
        if (!Journals.exists(journal)) return Optional.empty();
        try (Journal j = Journals.open(journal)) {
            Optional<Belief> b = j.latestBeliefs().flatMap(json -> BeliefLearner.restore(json, SystemGraph.of(topology), priors,
                    Belief.Settings.DEFAULTS, Clock.systemUTC()));
            b.ifPresent(x -> {
                spec.commandLine().getErr().println("planning on the beliefs in " + journal + " (" + j.outcomes().size() + " outcomes)");
                spec.commandLine().getErr().flush();
            });
            return b;
        }
    }

    private final List<String> warnings = new java.util.ArrayList<>();

    private Topology discover(Path systemFile, SystemConfig sys, Map<String, EdgeEvidence> evidence) {
        LiveTopology live = LiveTopology.discover(systemFile, sys, Clock.systemUTC());
        evidence.putAll(live.evidence());
        live.unknownCallers().ifPresent(warnings::add);
        return live.topology();
    }

    /** How long each intent must run for enough samples at the request rates the system's SLIs show now (run's default windows). */
    private String windows(List<Intent> list) {
        var slis = dev.assay.telemetry.SliSources.forSystem(SystemFormat.read(system), Clock.systemUTC());
        RunWindows w = RunWindows.choose(list, RunWindows.rates(list, Map.of(), 0, slis, java.time.Duration.ofSeconds(30)),
                java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(60));
        StringBuilder b = new StringBuilder();
        w.lines().forEach(l -> b.append("  ").append(l).append('\n'));
        return b.toString();
    }

    /** The plan of a running {@code assay serve} (its live belief and intents). */
    private int remote(ServerClient client) {
        var plan = client.get("/api/plan?top=" + top);
        var out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.print(ServerClient.pretty(plan));
        } else {
            out.println("plan from " + server.server + ": " + plan.path("stats").path("candidates").asInt() + " candidates");
            int rank = 0;
            for (var c : plan.path("candidates")) {
                if (c.path("runnable").asBoolean()) {
                    out.println(String.format(Locale.ROOT, "%3d. %-40s %.3f bits, cost %.4f, score %.1f: resolves %s", ++rank, c.path("id").asText(),
                            c.path("eigBits").asDouble(), c.path("expectedCost").asDouble(), c.path("score").asDouble(), c.path("resolves").asText()));
                } else {
                    List<String> why = new java.util.ArrayList<>();
                    c.path("blockedBy").forEach(b -> why.add(b.asText()));
                    out.println(String.format(Locale.ROOT, "  -  %-40s blocked: %s", c.path("id").asText(), String.join("; ", why)));
                }
            }
            plan.path("redundant").forEach(r -> out.println(String.format(Locale.ROOT, "  =  intent:%-33s redundant: already near-certain, P(holds)=%.3f",
                    r.path("intent").asText(), r.path("pHolds").asDouble())));
            plan.path("stale").fields().forEachRemaining(e -> out.println("  ~  intent:" + e.getKey() + " stale: " + e.getValue()));
        }
        out.flush();
        return ExitCode.OK;
    }

    /** The two output forms of a plan. */
    static final class PlanOutput {
        private PlanOutput() {
        }

        static String json(Plan plan, List<String> safetyNotes, MechanismBelief mechanisms) {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = m.createObjectNode();
            ArrayNode notes = root.putArray("safety");
            safetyNotes.forEach(notes::add);
            ArrayNode cands = root.putArray("candidates");
            for (Candidate c : plan.candidates()) {
                ObjectNode o = CandidateJson.write(cands.addObject(), c);
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

        static String text(Topology topology, Plan plan, long seed, List<String> safetyNotes, MechanismBelief mechanisms) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "plan for %s: %d candidates in %d ms (seed %d)%n", topology.name(),
                    plan.stats().candidates(), plan.stats().planMillis(), seed));
            safetyNotes.forEach(n -> sb.append(n).append(System.lineSeparator()));
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
