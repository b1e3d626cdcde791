package dev.assay.cli;

import dev.assay.journal.Journal;
import dev.assay.model.InvalidInputException;
import dev.assay.runner.BeliefLearner;
import dev.assay.runner.Learned;
import dev.assay.model.Incident;
import dev.assay.runner.Reports;
import dev.assay.runner.Trends;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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

    @Option(names = "--journal", defaultValue = Journals.DEFAULT, paramLabel = "PATH|URL",
            description = "The journal: a SQLite file or postgresql://user:password@host:port/database (default: ${DEFAULT-VALUE}).")
    String journal;

    @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--since", paramLabel = "WINDOW", description = {"History across runs: report the outcomes that started in this window",
            "(90m, 12h, 30d, 8w) and the trends: outcomes per intent over time, flaky hypotheses (verdict changed on an",
            "unchanged topology), error budget spent per week."})
    String since;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Override
    public Integer call() {
        Optional<Duration> window = Optional.ofNullable(since).map(Trends::parseSince);
        if (!Journals.exists(journal)) {
            throw new InvalidInputException("no journal at " + journal + "; run `assay run` first or pass --journal PATH");
        }
        List<Outcome> outcomes;
        Learned learned;
        Optional<Trends> trends;
        List<Incident> incidents;
        try (Journal j = Journals.open(journal)) {
            List<Outcome> all = j.outcomes();
            Instant now = Instant.now();
            trends = window.map(w -> Trends.of(all, j.topologies(), now, w));
            outcomes = trends.map(t -> all.stream().filter(o -> !o.startedAt().isBefore(t.from())).toList()).orElse(all);
            incidents = j.incidents();
            // findings, budgets and scores from the beliefs the last experiment left, computed as the run computed them
            learned = j.latestBeliefs().flatMap(json -> BeliefLearner.restore(json, Clock.systemUTC()))
                    .map(l -> Learned.of(l, all))
                    .orElseGet(() -> new Learned(List.of(), List.of(), List.of(), Learned.discovered(all)));
        }
        String text = ReportExtras.add(Reports.render(outcomes, learned, Reports.Format.valueOf(format.name().toUpperCase(Locale.ROOT))),
                format.name(), trends, incidents);
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
        return ExitCode.OK;
    }
}
