package dev.assay.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.belief.Finding;
import dev.assay.model.FaultClass;
import dev.assay.runner.Learned;
import dev.assay.runner.LearnedText;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one {@code assay demo} run learned: every experiment with its verdict and evidence, the stale and
 * redundant intents, what the campaign learned ({@link Learned}: findings, resilience budgets and scores, what
 * was first seen during an experiment) and the edges of the graph discovered from traces. {@link #json()} is the documented {@code --format json} form.
 */
public record DemoSummary(Path journal, Path report, double durationSeconds, List<Experiment> experiments, List<Stale> stale,
                          List<Redundant> redundant, Learned learned, List<String> discoveredEdges, boolean interrupted,
                          List<LlmEdgeFinding> llmEdge) {
    public DemoSummary {
        llmEdge = List.copyOf(llmEdge);
        requireNonNull(journal, "journal");
        requireNonNull(report, "report");
        experiments = List.copyOf(experiments);
        stale = List.copyOf(stale);
        redundant = List.copyOf(redundant);
        requireNonNull(learned, "learned");
        discoveredEdges = List.copyOf(discoveredEdges);
    }

    /** Without measurements of the edge assistant -> llm. */
    public DemoSummary(Path journal, Path report, double durationSeconds, List<Experiment> experiments, List<Stale> stale,
                       List<Redundant> redundant, Learned learned, List<String> discoveredEdges, boolean interrupted) {
        this(journal, report, durationSeconds, experiments, stale, redundant, learned, discoveredEdges, interrupted, List.of());
    }

    /** One experiment run: the intent, its verdict (with the reason and evidence), and what it taught. */
    public record Experiment(String intent, String verdict, Optional<String> reason, Optional<String> abortReason,
                             Optional<Long> abortLatencyMs, List<String> discovered, double bitsGained, List<String> evidence) {
        public Experiment {
            requireNonNull(intent, "intent");
            requireNonNull(verdict, "verdict");
            requireNonNull(reason, "reason");
            requireNonNull(abortReason, "abortReason");
            requireNonNull(abortLatencyMs, "abortLatencyMs");
            discovered = List.copyOf(discovered);
            evidence = List.copyOf(evidence);
        }
    }

    public record Stale(String intent, List<String> reasons) {
        public Stale {
            requireNonNull(intent, "intent");
            reasons = List.copyOf(reasons);
        }
    }

    public record Redundant(String intent, double pHolds) {
        public Redundant {
            requireNonNull(intent, "intent");
        }
    }

    /** The findings of the campaign (the core's, see {@link Learned}). */
    public List<Finding> findings() {
        return learned.findings();
    }

    static String faultClassId(FaultClass c) {
        return LearnedText.faultClassId(c);
    }

    /** The {@code --format json} summary, exactly the fields of the documented shape. */
    public String json() {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("journal", journal.toString());
        root.put("report", report.toString());
        root.put("durationSeconds", Math.round(durationSeconds * 10) / 10.0);
        ArrayNode xs = root.putArray("experiments");
        for (Experiment x : experiments) {
            ObjectNode o = xs.addObject().put("intent", x.intent()).put("verdict", x.verdict());
            x.abortReason().ifPresentOrElse(r -> o.put("abortReason", r), () -> o.putNull("abortReason"));
            x.abortLatencyMs().ifPresentOrElse(l -> o.put("abortLatencyMs", l), () -> o.putNull("abortLatencyMs"));
            ArrayNode d = o.putArray("discovered");
            x.discovered().forEach(d::add);
            o.put("bitsGained", Math.round(x.bitsGained() * 1000) / 1000.0);
        }
        ArrayNode s = root.putArray("stale");
        stale.forEach(x -> s.add(x.intent()));
        ArrayNode r = root.putArray("redundant");
        redundant.forEach(x -> r.add(x.intent()));
        ArrayNode f = root.putArray("findings");
        for (Finding x : learned.findings()) {
            f.addObject().put("from", x.from()).put("to", x.to()).put("faultClass", faultClassId(x.faultClass()))
                    .put("tolerant", x.tolerant()).put("probability", Math.round(x.probability() * 1000) / 1000.0);
        }
        ArrayNode why = root.putArray("mechanisms");
        for (dev.assay.belief.EdgeExplanation x : learned.mechanisms()) {
            why.addObject().put("from", x.caller()).put("to", x.callee()).put("mechanism", x.mechanism().describe())
                    .put("probability", Math.round(x.probability() * 1000) / 1000.0).put("text", x.text());
        }
        ArrayNode llm = root.putArray("llmEdge");
        for (LlmEdgeFinding x : llmEdge) {
            ObjectNode o = llm.addObject().put("intent", x.intent()).put("fault", x.fault());
            ArrayNode ms = o.putArray("mechanisms");
            x.mechanisms().forEach(ms::add);
            o.put("baselineCallsPerQuestion", round(x.baselineCallsPerQuestion(), 100)).put("callsPerQuestion", round(x.callsPerQuestion(), 100))
                    .put("fallbackShare", round(x.fallbackShare(), 1000)).put("failedShare", round(x.failedShare(), 1000))
                    .put("p50Ms", round(x.p50Ms(), 1)).put("text", x.text());
        }
        try {
            return m.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double x, double scale) {
        return Double.isFinite(x) ? Math.round(x * scale) / scale : 0;
    }

    /** The summary as the text the CLI prints at the end of a run. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%nWhat the demo learned in %.0f s%s:%n", durationSeconds, interrupted ? " (stopped early)" : ""));
        b.append(String.format("%n  %-44s %-13s %9s  %s%n", "experiment (intent)", "verdict", "bits", "why"));
        for (Experiment x : experiments) {
            String why = x.abortReason().map(r -> r + x.abortLatencyMs().map(l -> " (faults removed in " + l + " ms)").orElse(""))
                    .or(x::reason).orElse(String.join("; ", x.evidence()));
            b.append(String.format("  %-44s %-13s %9.3f  %s%n", x.intent(), x.verdict(), x.bitsGained(), why));
        }
        if (!stale.isEmpty()) {
            b.append(String.format("%n  stale (not run, tests nothing true about today's system):%n"));
            stale.forEach(x -> b.append("    ").append(x.intent()).append(": ").append(String.join("; ", x.reasons())).append('\n'));
        }
        if (!redundant.isEmpty()) {
            b.append(String.format("%n  redundant (not run, outcome already near-certain):%n"));
            redundant.forEach(x -> b.append(String.format("    %s: P(holds) = %.3f%n", x.intent(), x.pHolds())));
        }
        for (String line : LearnedText.text(learned).split("\n", -1)) b.append(line.isEmpty() ? "" : "  ").append(line).append('\n');
        if (!llmEdge.isEmpty()) {
            b.append(String.format("  measured on assistant -> llm (the assistant's and the LLM proxy's counters, baseline vs fault window):%n"));
            llmEdge.forEach(x -> b.append(String.format("    %-40s %s%n", x.intent(), x.text().replaceFirst("^assistant -> llm: ", ""))));
            b.append('\n');
        }
        b.append(String.format("  edges in the discovered graph: %s%n", String.join(", ", discoveredEdges)));
        b.append(String.format("%n  journal: %s   (sqlite3 %s 'select * from outcomes')%n  report:  %s%n", journal, journal, report));
        return b.toString();
    }
}
