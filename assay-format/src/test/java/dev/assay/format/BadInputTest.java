package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is a positioned problem that says what to do, never an exception; found by fuzzing and by hand. */
class BadInputTest {
    static final String INTENT = """
            apiVersion: assay/v1
            kind: Intent
            metadata: {id: checkout-tolerates-catalog-latency}
            spec:
              targetBehavior: checkout
              hypothesis: checkout copes
              fault: {type: latency, target: productcatalog, magnitude: {delayMs: 500}, scope: {percent: 10}}
              expect:
                - {sli: checkout.latency.p99, below: 400ms}
            """;

    private static List<Problem> intentProblems(String file, String text) {
        Problems p = Problems.in(file);
        IntentFormat.parse(text, Optional.empty(), p);
        return p.list();
    }

    private static List<Problem> intentProblems(String text) {
        return intentProblems("x.intent.yaml", text);
    }

    @Test
    void aNonFinitePercentIsAPositionedProblem() {
        assertThat(intentProblems(INTENT.replace("percent: 10", "percent: 1e309"))).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.field()).isEqualTo("spec.fault.scope.percent");
            assertThat(p.message()).contains("1e309", "too large");
        });
    }

    @Test
    void aNonFiniteBoundIsAPositionedProblem() {
        assertThat(intentProblems(INTENT.replace("below: 400ms", "below: 1e309"))).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.field()).isEqualTo("spec.expect[0].below");
        });
    }

    @Test
    void anExponentBeyondBigDecimalIsAPositionedProblem() {
        assertThat(intentProblems(INTENT.replace("delayMs: 500", "delayMs: 1e9999999999"))).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("spec.fault.magnitude.delayMs"));
    }

    @Test
    void aNonFiniteTopologyNumberIsAPositionedProblem() {
        Problems p = Problems.in("t.topology.json");
        TopologyFormat.parse("{\"services\": [{\"name\": \"a\"}, {\"name\": \"b\"}],\n \"edges\": [{\"from\": \"a\", \"to\": \"b\", \"callsPerRequest\": 1e309}]}", p);
        assertThat(p.list()).singleElement().satisfies(x -> assertThat(x.render()).startsWith("t.topology.json:2:").contains("edges[0].callsPerRequest", "too large"));
    }

    @Test
    void aBadServiceKindWithJourneysIsAProblemNotACrash() {
        Problems p = Problems.in("t.topology.json");
        Optional<dev.assay.model.Topology> t = TopologyFormat.parse("""
                {"services": [{"name": "a", "kind": "lambda"}, {"name": "b"}],
                 "edges": [{"from": "a", "to": "b"}],
                 "journeys": [{"name": "j", "entry": "a"}]}
                """, p);
        assertThat(t).isEmpty();
        assertThat(p.list()).singleElement().satisfies(x -> assertThat(x.render()).startsWith("t.topology.json:1:").contains("unknown service kind 'lambda'"));
    }

    @Test
    void aTopologyMayDeclareItsKindInYaml() {
        Problems p = Problems.in("t.yaml");
        assertThat(TopologyFormat.parse("apiVersion: assay/v1\nkind: Topology\nservices: [{name: a}]\n", p)).isPresent();
        assertThat(p.list()).isEmpty();
        Problems q = Problems.in("t.yaml");
        TopologyFormat.parse("kind: Topolgy\nservices: [{name: a}]\n", q);
        assertThat(q.list()).singleElement().satisfies(x -> assertThat(x.message()).contains("did you mean 'Topology'"));
    }

    @Test
    void anErrorFaultGivenARateNamesScopePercent() {
        String magnitude = INTENT.replace("type: latency", "type: error").replace("magnitude: {delayMs: 500}", "magnitude: {rate: 0.1}");
        assertThat(intentProblems(magnitude)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.fault.magnitude.rate");
            assertThat(p.message()).contains("to fail a share of calls use scope.percent");
        });
        String onFault = INTENT.replace("type: latency", "type: error").replace("magnitude: {delayMs: 500}", "rate: 0.1");
        assertThat(intentProblems(onFault)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.fault.rate");
            assertThat(p.message()).contains("to fail a share of calls use scope.percent");
        });
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedWithoutBeingParsed(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.intent.yaml");
        Files.writeString(big, "hypothesis: \"" + "x".repeat(10 * 1024 * 1024) + "\"\n");
        Problems p = Problems.in(big.toString());
        // CPU time of this thread, not wall time: a loaded machine stretches the latter, not the former
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = cpu.getCurrentThreadCpuTime();
        assertThat(Trees.read(big, big.toString(), p)).isEmpty();
        assertThat((cpu.getCurrentThreadCpuTime() - start) / 1e9).as("CPU seconds").isLessThan(2); // was 27-41 s and 1.2 GB
        assertThat(p.list()).singleElement().satisfies(x -> assertThat(x.render()).startsWith(big + ":1:1: ")
                .contains("10.0 MiB", "up to 1 MiB", "limit"));
    }

    @Test
    void aJsonFileMayBeLargerThanAYamlOne() {
        assertThat(Trees.maxBytes("t.topology.json")).isGreaterThan(Trees.maxBytes("t.topology.yaml"));
    }

    @Test
    void aVeryLongYamlLineIsRefusedBeforeTheScannerSeesIt() {
        Problems p = Problems.in("x.yaml");
        Trees.read("x.yaml", "a: 1\nb: " + "x".repeat(Trees.MAX_YAML_LINE + 1) + "\n", p);
        assertThat(p.list()).singleElement().satisfies(x -> {
            assertThat(x.line()).isEqualTo(2);
            assertThat(x.message()).contains("Assay reads YAML lines of up to " + Trees.MAX_YAML_LINE, "JSON");
        });
    }

    @Test
    void deepNestingNamesTheLimit() {
        for (String file : List.of("x.yaml", "x.json")) {
            Problems p = Problems.in(file);
            Trees.read(file, "[".repeat(2_000) + "]".repeat(2_000), p);
            assertThat(p.list()).as(file).singleElement().satisfies(x -> assertThat(x.message()).contains("deeper than " + Trees.MAX_DEPTH + " levels"));
        }
    }

    @Test
    void aLongJsonStringNamesTheLimit() {
        Problems p = Problems.in("x.json");
        Trees.read("x.json", "{\"a\": \"" + "x".repeat(Trees.MAX_STRING_CHARS + 1) + "\"}", p);
        assertThat(p.list()).singleElement().satisfies(x -> assertThat(x.message()).contains("longer than " + Trees.MAX_STRING_CHARS));
    }

    @Test
    void invalidUtf8IsReportedAtItsLineAndColumnWithTheByte(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.intent.yaml");
        Files.write(f, "apiVersion: assay/v1\nkind: Intent\nmetadata: {id: caf\u00e9}\n".getBytes(StandardCharsets.ISO_8859_1));
        Problems p = Problems.in(f.toString());
        IntentFormat.read(f, f.toString(), Optional.empty(), p);
        assertThat(p.list()).singleElement().satisfies(x -> assertThat(x.render())
                .isEqualTo(f + ":3:19: not valid UTF-8 (byte 0xE9 at offset 52); save the file as UTF-8"));
    }

    @Test
    void aByteOrderMarkIsAccepted(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.intent.yaml");
        Files.writeString(f, "\uFEFF" + INTENT);
        assertThat(IntentFormat.read(f, Optional.empty())).hasSize(1);
    }

    @Test
    void everyParserSurvivesTheUsualMistakes() {
        List<String> bad = List.of("", "   \n", "- a\n- b\n", "just text", "42", "null", "~", "{a: 1, a: 2}", "apiVersion: [1]\nkind: {x: 1}\n",
                "metadata: 12345678901234567890123456789\n", "spec: .nan\n", "spec: {fault: .inf}\n", "? [a, b]\n: c\n", "a: &x [1]\nb: *x\n",
                INTENT.replace("400ms", ".nan"), INTENT.replace("percent: 10", "percent: -1e308"),
                INTENT.replace("percent: 10", "percent: 12345678901234567890123456789012345678901234567890"),
                INTENT.replace("delayMs: 500", "delayMs: [1]"), INTENT.replace("magnitude: {delayMs: 500}", "ramp: []"));
        for (String text : bad) {
            assertThat(intentProblems(text)).as(text).isNotEmpty().allSatisfy(x -> assertThat(x.line()).isPositive());
            Problems t = Problems.in("t.yaml");
            TopologyFormat.parse(text, t);
            assertThat(t.list()).as(text).isNotEmpty();
            Problems s = Problems.in("assay.yaml");
            SystemFormat.parse(text, s);
            assertThat(s.list()).as(text).isNotEmpty();
        }
    }

    @Test
    void aNegativeDurationSaysZeroOrMore() {
        String text = INTENT + "  safety: {maxDuration: -5m}\n";
        assertThat(intentProblems(text)).singleElement().satisfies(x -> assertThat(x.message()).contains("zero or more"));
    }

    @Test
    void malformedTelemetryUrlsArePositionedProblems() {
        for (String url : List.of("http://127.0.0.1:-0", "http://[]", ":[]", "http://\uD83E\uDD84.example", "http://127.0.0.1:99999", "ftp://x", "http://h:0")) {
            Problems p = Problems.in("assay.yaml");
            SystemFormat.parse("apiVersion: assay/v1\nkind: System\nmetadata: {name: s}\nspec:\n  telemetry:\n    - kind: zipkin\n      url: \"" + url + "\"\n", p);
            assertThat(p.list()).as(url).singleElement().satisfies(x -> {
                assertThat(x.render()).startsWith("assay.yaml:7:12: spec.telemetry[0].url: ");
                assertThat(x.message()).contains("e.g. http://127.0.0.1:9090");
            });
        }
        assertThat(Urls.problem("http://127.0.0.1:9411")).isEmpty();
        assertThat(Urls.problem("http://[::1]:9411/api")).isEmpty();
        assertThat(Urls.problem("http://\uD83E\uDD84.example")).get().asString().contains("punycode");
        assertThat(Urls.problem("http://127.0.0.1:-0")).get().asString().contains("invalid port");
    }

    @Test
    void aListenAddressOutOfRangeIsAProblem() {
        Problems p = Problems.in("assay.yaml");
        SystemFormat.parse("apiVersion: assay/v1\nkind: System\nmetadata: {name: s}\nspec:\n  telemetry:\n    - {kind: otlp, listen: \"127.0.0.1:99999\"}\n", p);
        assertThat(p.list()).singleElement().satisfies(x -> assertThat(x.field()).isEqualTo("spec.telemetry[0].listen"));
    }

    @Test
    void theKindOfAFileIsToldByNameThenByContent(@TempDir Path dir) throws Exception {
        Path system = Files.writeString(dir.resolve("assay.yaml"), "apiVersion: assay/v1\nkind: System\nmetadata: {name: s}\nspec: {}\n");
        Path topo = Files.writeString(dir.resolve("graph.json"), "{\"services\": [{\"name\": \"a\"}]}");
        Path intent = Files.writeString(dir.resolve("one.yaml"), INTENT);
        Path other = Files.writeString(dir.resolve("other.yaml"), "hello: world\n");
        Problems p = Problems.in("x");
        assertThat(UserFiles.kindOf(system, system.toString(), p)).contains(UserFiles.Kind.SYSTEM);
        assertThat(UserFiles.kindOf(topo, topo.toString(), p)).contains(UserFiles.Kind.TOPOLOGY);
        assertThat(UserFiles.kindOf(intent, intent.toString(), p)).contains(UserFiles.Kind.INTENT);
        assertThat(p.list()).isEmpty();
        assertThat(UserFiles.kindOf(other, other.toString(), p)).isEmpty();
        assertThat(p.list()).singleElement().satisfies(x -> assertThat(x.message()).contains("cannot tell what this file holds"));
    }
}
