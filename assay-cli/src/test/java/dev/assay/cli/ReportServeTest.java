package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.journal.Journal;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.Jvm;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay report --serve}: the dashboard of a journal on loopback, in a child {@code assay} stopped by SIGTERM. */
class ReportServeTest {
    @TempDir
    Path dir;

    Path journal;

    @BeforeEach
    void journalWithAnOutcome() {
        journal = dir.resolve("journal.db");
        Instant t0 = Instant.parse("2026-11-25T04:00:00Z");
        try (Journal j = Journal.open(journal)) {
            Outcome o = new Outcome("e1", "cart-survives-redis-pause", new Verdict.Supported(List.of()), Optional.empty(), Optional.empty(),
                    List.of("redis-cart"), List.of("redis-cart"), List.of(), 0, 0.0001, 0.2, t0, t0.plusSeconds(60));
            j.startExperiment(o.experimentId(), o.intentId(), o.predictedBlastRadius(), o.startedAt());
            j.recordOutcome(o);
            j.finishExperiment(o.experimentId(), "DONE", o.endedAt());
        }
    }

    @Test
    void servesTheJournalsDashboardOnLoopbackUntilSigterm() throws Exception {
        int port = FreePorts.next();
        Process p = new ProcessBuilder(Jvm.javaBinary(), "-cp", Jvm.classPath(), Assay.class.getName(), "report", "--serve", "--port",
                String.valueOf(port), "--journal", journal.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).contains("dashboard of", "http://127.0.0.1:" + port + "/");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> history = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/history")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(history.statusCode()).isEqualTo(200);
            assertThat(history.body()).contains("cart-survives-redis-pause", "SUPPORTED");
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/live")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("{\"live\":false}");
            new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor(); // (destroy() would close our end of its output)
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out.lines().toList()).anySatisfy(l -> assertThat(l).contains("dashboard stopped"));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aPortWithoutServeOrOutOfRangeOrTakenIsRefusedWithWhatToDo() throws Exception {
        Cli noServe = Cli.run("report", "--journal", journal.toString(), "--port", "8080");
        assertThat(noServe.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(noServe.err()).contains("add --serve");
        Cli range = Cli.run("report", "--journal", journal.toString(), "--serve", "--port", "70000");
        assertThat(range.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(range.err()).contains("between 0 and 65535");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli busy = Cli.run("report", "--journal", journal.toString(), "--serve", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(busy.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(busy.err()).contains("cannot listen on", "--port");
        }
        Cli missing = Cli.run("report", "--journal", dir.resolve("none.db").toString(), "--serve");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(missing.err()).contains("no journal at");
    }
}
