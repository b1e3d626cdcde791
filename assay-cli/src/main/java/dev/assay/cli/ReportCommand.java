package dev.assay.cli;

import dev.assay.journal.Journal;
import dev.assay.model.InvalidInputException;
import dev.assay.runner.BeliefLearner;
import dev.assay.runner.Learned;
import dev.assay.runner.Reports;
import dev.assay.verdict.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay report}: what the journal's experiments showed, for people (text, Markdown, HTML) and machines (JSON, JUnit). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Report the outcomes in the journal: verdicts with evidence, abort reasons and latencies, blast radii,",
                "discovered services and edges, bits learned and error budget spent, and what the beliefs learned: findings per",
                "edge, resilience budgets and scores. junit gives one test case per intent (its latest outcome; failed when",
                "refuted or aborted by a guard) for CI pipelines."})
public final class ReportCommand implements Callable<Integer> {
    enum Format { text, markdown, html, json, junit }

    @Spec
    CommandSpec spec;

    @Option(names = "--journal", defaultValue = ".assay/journal.db", paramLabel = "PATH", description = "The journal (default: ${DEFAULT-VALUE}).")
    Path journal;

    @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @picocli.CommandLine.Mixin
    ServerClient.Options server;

    @Override
    public Integer call() {
        var remote = server.client();
        if (remote.isPresent()) {
            if (format != Format.json && format != Format.text) throw new InvalidInputException("with --server, --format is text or json");
            var report = (com.fasterxml.jackson.databind.node.ObjectNode) remote.get().get("/api/outcomes");
            report.set("decisions", remote.get().get("/api/decisions").path("decisions"));
            write(format == Format.json ? ServerClient.pretty(report) : RemoteReport.text(report));
            return ExitCode.OK;
        }
        if (!Files.isRegularFile(journal)) {
            throw new InvalidInputException("no journal at " + journal + "; run `assay run` first or pass --journal PATH");
        }
        List<Outcome> outcomes;
        Learned learned;
        List<Journal.Decision> decisions;
        try (Journal j = Journal.open(journal)) {
            decisions = j.decisions();
            List<Outcome> all = j.outcomes();
            outcomes = all;
            // findings, budgets and scores from the beliefs the last experiment left, computed as the run computed them
            learned = j.latestBeliefs().flatMap(json -> BeliefLearner.restore(json, Clock.systemUTC()))
                    .map(l -> Learned.of(l, all))
                    .orElseGet(() -> new Learned(List.of(), List.of(), List.of(), Learned.discovered(all)));
        }
        String text = Reports.render(outcomes, learned, Reports.Format.valueOf(format.name().toUpperCase(Locale.ROOT)));
        if (format == Format.text && !decisions.isEmpty()) text += RemoteReport.decisions(decisions);
        write(text);
        return ExitCode.OK;
    }

    private void write(String text) {
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            try {
                Path parent = output.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                Files.writeString(output, text);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the report to " + output, e);
            }
        }
    }
}
