package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.testkit.ChildJvms;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.Jvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Assay.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void apiAddressInUseIsAClearUsageError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run r = run("proxy", "--api-listen", "127.0.0.1:" + taken.getLocalPort());
            assertThat(r.code()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(r.err()).contains("127.0.0.1:" + taken.getLocalPort()).contains("already in use");
        }
    }

    @Test
    void malformedConfigNamesTheFileAndPosition() throws Exception {
        Path config = Files.writeString(dir.resolve("toxiproxy.json"), "[{\"name\": \"redis\",\n  \"listen\": }]");
        Run r = run("proxy", "--api-listen", "127.0.0.1:0", "--config", config.toString());
        assertThat(r.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("toxiproxy.json:2:").contains("malformed JSON");
    }

    @Test
    void aConfigOfTwoThousandNestedBracketsIsExit2WithThePosition() throws Exception {
        Path config = Files.writeString(dir.resolve("deep.json"), "[".repeat(2000));
        Run r = run("proxy", "--api-listen", "127.0.0.1:0", "--config", config.toString());
        assertThat(r.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("deep.json:1:").contains("nested deeper than 32 levels").contains("JSON path /0/0")
                .doesNotContain("Exception");
    }

    @Test
    void aNonLoopbackApiAddressWithoutATokenIsExit2() {
        Run r = run("proxy", "--api-listen", "0.0.0.0:0");
        assertThat(r.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("not loopback").contains("--token");
    }

    @Test
    void badLimitsAreExit2() {
        assertThat(run("proxy", "--api-listen", "127.0.0.1:0", "--max-ttl", "0").code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run("proxy", "--api-listen", "127.0.0.1:0", "--max-connections", "0").code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run("proxy", "--api-listen", "127.0.0.1:0", "--client-idle-timeout", "NaN").code()).isEqualTo(ExitCode.INVALID_INPUT);
    }

    @Test
    void configProxyMissingUpstreamIsReported() throws Exception {
        Path config = Files.writeString(dir.resolve("toxiproxy.json"), "[{\"name\": \"redis\", \"listen\": \"127.0.0.1:0\"}]");
        Run r = run("proxy", "--api-listen", "127.0.0.1:0", "--config", config.toString());
        assertThat(r.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("proxy #0").contains("missing required field: upstream");
    }

    @Test
    void runsFromAPopulateFileAndRemovesToxicsOnSigterm() throws Exception {
        int api = FreePorts.next();
        int listen = FreePorts.next();
        Path config = Files.writeString(dir.resolve("toxiproxy.json"),
                "[{\"name\": \"redis\", \"listen\": \"127.0.0.1:" + listen + "\", \"upstream\": \"127.0.0.1:6379\"}]");
        Process p = new ProcessBuilder(Jvm.javaBinary(), "-cp", Jvm.classPath(), Assay.class.getName(), "proxy",
                "--api-listen", "127.0.0.1:" + api, "--config", config.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.contains("admin API on")) seen.append(line).append('\n');
            assertThat(line).as(seen.toString()).contains("127.0.0.1:" + api);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/proxies/redis/toxics"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"latency\",\"attributes\":{\"latency\":100}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            p.toHandle().destroy(); // SIGTERM, keeping our end of its stdout open
            StringBuilder rest = new StringBuilder();
            while ((line = out.readLine()) != null) rest.append(line).append('\n');
            assertThat(p.waitFor(ChildJvms.GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(rest.toString()).contains("removed 1 toxic(s), no fault left behind");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aHistoryFileThatIsNotACounterHistoryIsExit2WithTheFile() throws Exception {
        Path notSqlite = Files.writeString(dir.resolve("notes.txt"), "these are my notes, not a database\n".repeat(100));
        Run r = run("proxy", "--api-listen", "127.0.0.1:0", "--history-file", notSqlite.toString());
        assertThat(r.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("--history-file", notSqlite.toString(), "pass another --history-file").doesNotContain("Exception");

        Path otherDb = dir.resolve("other.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + otherDb); var st = c.createStatement()) {
            st.execute("CREATE TABLE counts (id INTEGER PRIMARY KEY, name TEXT)"); // another program's table of that name
        }
        Run other = run("proxy", "--api-listen", "127.0.0.1:0", "--history-file", otherDb.toString());
        assertThat(other.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(other.err()).contains("--history-file", otherDb.toString()).doesNotContain("Exception");

        Run directory = run("proxy", "--api-listen", "127.0.0.1:0", "--history-file", dir.toString());
        assertThat(directory.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(directory.err()).contains("--history-file", dir.toString()).doesNotContain("Exception");
    }

    @Test
    void theHistoryFileKeepsTheCountersHistoryAcrossARestart() throws Exception {
        com.sun.net.httpserver.HttpServer upstream = CheckoutRig.okUpstream();
        Path history = dir.resolve("proxy.history.db");
        int api = FreePorts.next();
        int listen = FreePorts.next();
        Path config = Files.writeString(dir.resolve("toxiproxy.json"), "[{\"name\": \"web\", \"listen\": \"127.0.0.1:" + listen
                + "\", \"upstream\": \"127.0.0.1:" + upstream.getAddress().getPort() + "\", \"mode\": \"http\"}]");
        HttpClient http = HttpClient.newHttpClient();
        try {
            Process first = startProxy(api, config, history);
            try {
                for (int i = 0; i < 5; i++) {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listen + "/a")).build(), HttpResponse.BodyHandlers.discarding());
                }
                ChildJvms.await(() -> historyRequests(http, api) == 5, ChildJvms.GENEROUS, () -> "GET /history never counted the 5 requests");
            } finally {
                first.toHandle().destroy(); // SIGTERM: closing stores the last sample
                assertThat(first.waitFor(ChildJvms.GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }
            assertThat(Files.size(history)).isPositive();
            Process second = startProxy(api, config, history);
            try {
                assertThat(historyRequests(http, api)).as("restored from the file after the restart").isEqualTo(5);
            } finally {
                second.destroyForcibly();
                second.waitFor(ChildJvms.GENEROUS.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            upstream.stop(0);
        }
    }

    private Process startProxy(int api, Path config, Path history) throws Exception {
        Process p = new ProcessBuilder(Jvm.javaBinary(), "-cp", Jvm.classPath(), Assay.class.getName(), "proxy",
                "--api-listen", "127.0.0.1:" + api, "--config", config.toString(), "--history-file", history.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("proxy-" + System.nanoTime() + ".log").toFile()).start();
        ChildJvms.await(() -> historyAnswers(api) || !p.isAlive(), ChildJvms.GENEROUS, () -> "assay proxy did not answer on " + api);
        assertThat(p.isAlive()).as("assay proxy is running").isTrue();
        return p;
    }

    private static boolean historyAnswers(int api) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/version")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The requests GET /history counts over the last hour, summed over its series. */
    private static long historyRequests(HttpClient http, int api) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/history?window=1h")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            long n = 0;
            for (var series : new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("series")) n += series.path("requests").asLong();
            return n;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
