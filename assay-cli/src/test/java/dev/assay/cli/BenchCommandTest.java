package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    static final String TINY = "src/test/resources/bench/tiny.topology.json";

    static Cli bench(String... extra) {
        String[] base = {"bench", "--topology", TINY, "--seeds", "2", "--max-experiments", "12", "--quiet", "--format", "json"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return Cli.run(all);
    }

    @Test
    void printsTheIssuesJsonForEveryStrategyAskedFor() throws Exception {
        Cli r = bench("--strategies", "random,exhaustive,heuristic");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("topology").asText()).isEqualTo("tiny-shop");
        assertThat(j.get("strategies").fieldNames()).toIterable().containsExactly("random", "exhaustive", "heuristic");
        JsonNode random = j.get("strategies").get("random");
        assertThat(random.has("experimentsToTarget")).isTrue();
        assertThat(random.has("budgetToTarget")).isTrue();
        assertThat(random.get("finalError").isNumber()).isTrue();
        assertThat(random.get("curve").get(0).get(0).asInt()).isZero();
    }

    @Test
    void theSameCommandPrintsTheSameNumbers() {
        assertThat(bench("--strategies", "random,heuristic,eig").out()).isEqualTo(bench("--strategies", "random,heuristic,eig").out());
    }

    @Test
    void seedsRunInParallelPrintTheSameNumbers() {
        assertThat(bench("--strategies", "random,eig", "--threads", "2").out()).isEqualTo(bench("--strategies", "random,eig").out());
    }

    @Test
    void zeroThreadsIsInvalidInput() {
        Cli r = bench("--threads", "0");

        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("--threads must be at least 1");
    }

    @Test
    void outWritesTheCurvesAndThePlot(@TempDir Path dir) throws Exception {
        Cli r = bench("--strategies", "random", "--out", dir.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("curves.csv"))).startsWith("strategy,experiments,error,budget");
        assertThat(Files.readString(dir.resolve("curves.svg"))).startsWith("<svg").contains("polyline");
    }

    @Test
    void progressGoesToStderrUnlessQuiet() {
        Cli r = Cli.run("bench", "--topology", TINY, "--seeds", "1", "--max-experiments", "20", "--strategies", "random");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("bench: seed 1").contains("evaluation queries ready")
                .contains("random: 10/20 experiments").contains("random: 20/20 experiments").containsPattern("\\d+\\.\\d s");
        assertThat(r.out()).contains("random").doesNotContain("bench: seed");
    }

    @Test
    void anUnknownStrategyIsInvalidInput() {
        Cli r = bench("--strategies", "random,chaos-monkey");

        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("chaos-monkey").contains("random, exhaustive, sweep, ldfi, heuristic, eig");
    }

    @Test
    void aMissingTopologyFileIsInvalidInput() {
        Cli r = Cli.run("bench", "--topology", "no/such.topology.json");

        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("no/such.topology.json");
    }

    @Test
    void aGeneratedTopologyNeedsAtLeastTwoServices() {
        Cli r = Cli.run("bench", "--generate", "1");

        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("--generate");
    }

    @Test
    void zeroSeedsIsInvalidInput() {
        Cli r = Cli.run("bench", "--topology", TINY, "--seeds", "0");

        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("--seeds must be at least 1");
    }
}
