package dev.assay.cli;

import dev.assay.dashboard.DashboardModel;
import dev.assay.dashboard.DashboardServer;
import dev.assay.dashboard.JournalDashboardModel;
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
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay report}: what the journal's experiments showed, for people (text, Markdown, HTML) and machines (JSON, JUnit). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Report the outcomes in the journal: verdicts with evidence, abort reasons and latencies, blast radii,",
                "discovered services and edges, bits learned and error budget spent, and what the beliefs learned: findings per",
                "edge, resilience budgets and scores. junit gives one test case per intent (its latest outcome; failed when",
                "refuted or aborted by a guard) for CI pipelines. --serve shows the journal in the browser instead: the dashboard",
                "(graph coloured by belief, plan, history, findings, budgets and scores) on http://127.0.0.1:PORT/ until Ctrl-C."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:ok (with --serve: stopped by Ctrl-C/SIGTERM)", "2:invalid input or usage"})
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

    @Option(names = "--serve", description = "Serve the dashboard of the journal on loopback (re-read on every page) until Ctrl-C, instead of printing.")
    boolean serve;

    @Option(names = "--port", paramLabel = "N", description = "With --serve: the loopback port (default: 8470; 0 picks a free one).")
    Integer port;

    static final int DEFAULT_PORT = 8470;

    @picocli.CommandLine.Mixin
    ServerClient.Options server;

    @Override
    public Integer call() throws InterruptedException {
        var remote = server.client();
        if (remote.isPresent()) {
            if (format != Format.json && format != Format.text) throw new InvalidInputException("with --server, --format is text or json");
            var report = (com.fasterxml.jackson.databind.node.ObjectNode) remote.get().get("/api/outcomes");
            report.set("decisions", remote.get().get("/api/decisions").path("decisions"));
            write(format == Format.json ? ServerClient.pretty(report) : RemoteReport.text(report));
            return ExitCode.OK;
        }
        Optional<Duration> window = Optional.ofNullable(since).map(Trends::parseSince);
        if (!Journals.exists(journal)) {
            throw new InvalidInputException("no journal at " + journal + "; run `assay run` first or pass --journal PATH");
        }
        if (port != null && !serve) throw new InvalidInputException("--port " + port + " is for the dashboard: add --serve");
        if (serve) return serve();
        List<Outcome> outcomes;
        Learned learned;
        Optional<Trends> trends;
        List<Incident> incidents;
        List<Journal.Decision> decisions;
        try (Journal j = Journals.open(journal)) {
            decisions = j.decisions();
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
                format.name(), trends, incidents, decisions);
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

    /** The dashboard over the journal alone, on loopback only (it has no token: nothing but this machine may reach it). */
    private int serve() throws InterruptedException {
        int p = port == null ? DEFAULT_PORT : port;
        if (p < 0 || p > 65_535) throw new InvalidInputException("--port " + p + ": must be between 0 and 65535 (0 picks a free port)");
        DashboardModel model = JournalDashboardModel.open(journal, Clock.systemUTC());
        DashboardServer server = DashboardServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), model);
        CountDownLatch stopped = new CountDownLatch(1);
        PrintWriter out = spec.commandLine().getOut();
        Thread hook = new Thread(() -> {
            server.close();
            out.println("assay report: dashboard stopped");
            out.flush();
            stopped.countDown();
        }, "assay-dashboard-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("assay report: dashboard of " + journal + " on " + server.url() + " (Ctrl-C to stop)");
        out.flush();
        stopped.await();
        return ExitCode.OK;
    }
}
