package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad files and URLs through the real commands: exit 2, file:line:column and what to do; never exit 1 or a trace. */
class BadInputCommandTest {
    static final Path VALID = Path.of("src/test/resources/validate/valid/checkout.intent.yaml");
    static final Path SYSTEM = Path.of("../examples/assay.yaml");

    private static void assertInvalidInput(Cli r) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).doesNotContain("internal error", "Exception", "\tat ");
    }

    @Test
    void aNonFiniteNumberIsAProblemAndTheOtherFilesAreStillChecked(@TempDir Path dir) throws Exception {
        String text = Files.readString(VALID);
        Path percent = Files.writeString(dir.resolve("a-percent.intent.yaml"), text.replaceFirst("percent: \\d+", "percent: 1e309")
                .replace("checkout-copes-with-slow-catalog", "a"));
        Path below = Files.writeString(dir.resolve("b-below.intent.yaml"), text.replaceFirst("below: [^,}]+", "below: 1e309")
                .replace("checkout-copes-with-slow-catalog", "b"));
        Path unknown = Files.writeString(dir.resolve("c-unknown.intent.yaml"), text.replace("type: latency", "type: latncy")
                .replace("checkout-copes-with-slow-catalog", "c"));
        assertThat(Files.readString(percent)).contains("1e309");
        assertThat(Files.readString(below)).contains("1e309");

        Cli r = Cli.run("validate", percent.toString(), below.toString(), unknown.toString(), VALID.toString());

        assertInvalidInput(r);
        assertThat(r.err()).containsPattern("a-percent.intent.yaml:\\d+:\\d+: spec.fault.scope.percent: the number '1e309' is too large")
                .containsPattern("b-below.intent.yaml:\\d+:\\d+: spec.expect\\[0\\].below: the number '1e309' is too large")
                .contains("c-unknown.intent.yaml", "unknown fault type 'latncy'")
                .contains("invalid: 3 problems in 3 files");
    }

    @Test
    void aTopologyWithABadKindAndJourneysIsAProblemInValidateAndGraph(@TempDir Path dir) throws Exception {
        Path t = Files.writeString(dir.resolve("shop.topology.json"), """
                {"services": [{"name": "a", "kind": "lambda"}, {"name": "b"}],
                 "edges": [{"from": "a", "to": "b"}],
                 "journeys": [{"name": "j", "entry": "a"}]}
                """);
        for (Cli r : new Cli[] {Cli.run("validate", t.toString()), Cli.run("graph", "--topology", t.toString())}) {
            assertInvalidInput(r);
            assertThat(r.err()).contains("shop.topology.json:1:", "services[0].kind: unknown service kind 'lambda'");
        }
    }

    @Test
    void validateChecksASystemFileAsASystem() {
        Cli r = Cli.run("validate", SYSTEM.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 system in 1 file");
    }

    @Test
    void validateReportsASystemFilesProblemsInItsOwnTerms(@TempDir Path dir) throws Exception {
        Path sys = Files.writeString(dir.resolve("assay.yaml"), Files.readString(SYSTEM).replace("objective: 0.99", "objective: 2"));
        Cli r = Cli.run("validate", sys.toString());
        assertInvalidInput(r);
        assertThat(r.err()).containsPattern("assay.yaml:\\d+:\\d+: spec.slos\\[1\\].objective: objective must be between 0 and 1")
                .doesNotContain("missing required field", "expected kind Intent");
    }

    @Test
    void validateTellsTopologiesByContentWhateverTheirName(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("shop.yaml"), "apiVersion: assay/v1\nkind: Topology\nservices: [{name: a}, {name: b}]\nedges: [{from: a, to: c}]\n");
        Path json = Files.writeString(dir.resolve("graph.json"), "{\"services\": [{\"name\": \"a\"}]}");
        Cli r = Cli.run("validate", yaml.toString(), json.toString());
        assertInvalidInput(r);
        assertThat(r.err()).contains("shop.yaml:4:", "unknown service 'c'").doesNotContain("graph.json");
    }

    @Test
    void withSystemTheIntentsSlisAndTargetsAreCheckedAgainstIt(@TempDir Path dir) throws Exception {
        Path intent = Files.writeString(dir.resolve("pay.intent.yaml"), """
                apiVersion: assay/v1
                kind: Intent
                metadata: {id: pay}
                spec:
                  targetBehavior: checkout
                  hypothesis: checkout copes
                  fault: {type: latency, target: payment, magnitude: {delayMs: 100}}
                  expect:
                    - {sli: checkout.errors.rte, below: 1%}
                """);
        Cli r = Cli.run("validate", "--system", SYSTEM.toString(), intent.toString());
        assertInvalidInput(r);
        assertThat(r.err()).contains("pay.intent.yaml:7:", "the fault target 'payment' is in the exclusion zones of system 'online-boutique'")
                .contains("pay.intent.yaml:9:", "SLI 'checkout.errors.rte' is not defined in system 'online-boutique'", "did you mean 'checkout.errors.rate'");
    }

    @Test
    void invalidUtf8IsNamedWithItsPositionNotAJavaException(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.intent.yaml");
        Files.write(f, new byte[] {'a', ':', ' ', (byte) 0xC3, '(', '\n'});
        Cli r = Cli.run("validate", f.toString());
        assertInvalidInput(r);
        assertThat(r.err()).contains("x.intent.yaml:1:4: not valid UTF-8 (byte 0xC3 at offset 3); save the file as UTF-8");
    }

    @Test
    void aTenMegabyteYamlIsRefusedNamingTheLimit(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("big.intent.yaml"), "a: \"" + "x".repeat(10 * 1024 * 1024) + "\"\n");
        Cli r = Cli.run("validate", f.toString(), VALID.toString());
        assertInvalidInput(r);
        assertThat(r.err()).contains("big.intent.yaml:1:1: the file is 10.0 MiB; Assay reads YAML files up to 1 MiB").contains("invalid: 1 problem in 1 file");
    }

    static String system(String url) {
        return """
                apiVersion: assay/v1
                kind: System
                metadata: {name: shop}
                spec:
                  telemetry:
                    - kind: zipkin
                      url: "%s"
                    - {kind: prometheus, url: "%s"}
                  slis:
                    - {name: errors, prometheus: "sum(rate(e[$window])) / sum(rate(r[$window]))"}
                  slos:
                    - {name: avail, sli: errors, objective: 99.9%%, window: 30d}
                """.formatted(url, url);
    }

    @Test
    void aMalformedTelemetryUrlIsInvalidInputInSloAndGraph(@TempDir Path dir) throws Exception {
        for (String url : new String[] {"http://127.0.0.1:-0", "http://[]", ":[]", "http://\uD83E\uDD84.example"}) {
            Path sys = Files.writeString(dir.resolve("assay.yaml"), system(url));
            for (Cli r : new Cli[] {Cli.run("slo", "--system", sys.toString()), Cli.run("graph", "--system", sys.toString())}) {
                assertInvalidInput(r);
                assertThat(r.err()).as(url).contains("assay.yaml:7:12: spec.telemetry[0].url: ");
            }
        }
        assertInvalidInput(Cli.run("graph", "--zipkin", "http://127.0.0.1:-0"));
    }

    @Test
    void anUnreachableTelemetrySourceIsInvalidInputNamingWhereItIsConfigured(@TempDir Path dir) throws Exception {
        Path sys = Files.writeString(dir.resolve("assay.yaml"), system("http://127.0.0.1:" + FreePorts.next()));
        Cli r = Cli.run("graph", "--system", sys.toString());
        assertInvalidInput(r);
        assertThat(r.err()).contains("cannot reach http://127.0.0.1:", "is the server running?")
                .contains("the source is configured at " + sys + ":7:12 (spec.telemetry[0].url)", "start the server, or fix its URL");

        Cli flag = Cli.run("graph", "--zipkin", "http://127.0.0.1:" + FreePorts.next());
        assertInvalidInput(flag);
        assertThat(flag.err()).contains("the --zipkin/--jaeger flag");
    }

    @Test
    void anUnreachableExampleSystemIsInvalidInput() {
        Cli r = Cli.run("graph", "--system", SYSTEM.toString());
        assertInvalidInput(r);
        assertThat(r.err()).contains("../examples/assay.yaml:", "(spec.telemetry[1].url)");
    }

    @Test
    void listeningOnATakenPortIsInvalidInput() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli r = Cli.run("graph", "--listen-otlp", "127.0.0.1:" + taken.getLocalPort(), "--for", "1s");
            assertInvalidInput(r);
            assertThat(r.err()).contains("cannot listen for OTLP on 127.0.0.1:" + taken.getLocalPort(), "choose a free port");
        }
    }

    @Test
    void aHugeDurationFlagIsInvalidInput() {
        assertInvalidInput(Cli.run("graph", "--listen-otlp", "127.0.0.1:0", "--for", "1e309s"));
    }
}
