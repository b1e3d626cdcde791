package dev.assay.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link BenchResult}: JSON (the exact shape), a text table, CSV curves and an SVG plot. */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchReport() {
    }

    /**
     * {@code {"topology", "strategies": {name: {"experimentsToTarget", "budgetToTarget", "finalError",
     * "finalJourneyError", "experiments", "finalBudget", "mechanisms"?: {"exact", "equivalent", "reachedEdges"}, "curve"}}}}.
     */
    public static String json(BenchResult r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("topology", r.topology());
        ObjectNode strategies = root.putObject("strategies");
        r.strategies().forEach((name, s) -> {
            ObjectNode o = strategies.putObject(name);
            if (s.experimentsToTarget().isPresent()) o.put("experimentsToTarget", s.experimentsToTarget().get());
            else o.putNull("experimentsToTarget");
            if (s.budgetToTarget().isPresent()) o.put("budgetToTarget", round(s.budgetToTarget().get()));
            else o.putNull("budgetToTarget");
            o.put("finalError", round(s.finalError()));
            o.put("finalJourneyError", round(s.finalJourneyError()));
            o.put("experiments", s.curve().get(s.curve().size() - 1).experiments());
            o.put("finalBudget", round(s.curve().get(s.curve().size() - 1).budget()));
            s.mechanisms().ifPresent(m -> {
                ObjectNode mo = o.putObject("mechanisms");
                mo.put("exact", round(m.exact()));
                mo.put("equivalent", round(m.equivalent()));
                mo.put("identifiable", round(m.identifiable()));
                mo.put("reachedEdges", round(m.edges()));
            });
            ArrayNode curve = o.putArray("curve");
            s.curve().forEach(p -> curve.addArray().add(p.experiments()).add(round(p.error())));
        });
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(BenchResult r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "topology %s: %d services, %d evaluation queries, %d seed(s) from %d, target error %.3f, at most %d experiments (%.1f s)%n",
                r.topology(), r.services(), r.evaluationQueries(), r.options().seeds(), r.options().firstSeed(),
                r.options().targetError(), r.options().maxExperiments(), r.elapsed().toMillis() / 1000.0));
        b.append(String.format(Locale.ROOT, "%-11s %20s %16s %12s %14s %12s %12s %10s%n", "strategy", "experiments-to-target", "budget-to-target",
                "final-error", "journey-error", "experiments", "budget", "mechanisms"));
        for (Map.Entry<String, BenchResult.StrategyResult> e : r.strategies().entrySet()) {
            var s = e.getValue();
            var last = s.curve().get(s.curve().size() - 1);
            b.append(String.format(Locale.ROOT, "%-11s %20s %16s %12.4f %14.4f %12d %12.4f %10s%n", e.getKey(),
                    s.experimentsToTarget().map(String::valueOf).orElse("not reached"),
                    s.budgetToTarget().map(v -> String.format(Locale.ROOT, "%.4f", v)).orElse("-"),
                    s.finalError(), s.finalJourneyError(), last.experiments(), last.budget(),
                    s.mechanisms().map(m -> String.format(Locale.ROOT, "%.0f%%/%.0f%%/%.0f%%", 100 * m.exact(), 100 * m.identifiable(), 100 * m.equivalent())).orElse("-")));
        }
        return b.toString();
    }

    /** One row per curve point: {@code strategy,experiments,error,budget,journeyError}. */
    public static String csv(BenchResult r) {
        StringBuilder b = new StringBuilder("strategy,experiments,error,budget,journeyError\n");
        r.strategies().forEach((name, s) -> s.curve().forEach(p ->
                b.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f,%.6f%n", name, p.experiments(), p.error(), p.budget(), p.journeyError()))));
        return b.toString();
    }

    /** Writes {@code curves.csv}, {@code curves.svg} and {@code result.json} into {@code dir} (created if missing). */
    public static void write(BenchResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("curves.csv"), csv(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("curves.svg"), CurvePlot.svg(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("result.json"), json(r), StandardCharsets.UTF_8);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
