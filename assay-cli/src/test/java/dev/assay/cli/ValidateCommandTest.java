package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of invalid intent exits 2 with file:line:column at the offending line. Each fixture under
 * validate/invalid marks its offending line with {@code # expect: FIELD}.
 */
class ValidateCommandTest {
    static final Path FIXTURES = Path.of("src/test/resources/validate");
    static final String BOUTIQUE = "../examples/topologies/online-boutique.topology.json";

    static Stream<Path> invalidIntents() throws Exception {
        return Files.list(FIXTURES.resolve("invalid")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidIntents")
    void invalidIntentExitsTwoPointingAtTheOffendingLine(Path fixture) throws Exception {
        List<String> lines = Files.readAllLines(fixture);
        int line = 0;
        String field = null;
        for (int i = 0; i < lines.size(); i++) {
            int mark = lines.get(i).indexOf("# expect:");
            if (mark >= 0) {
                line = i + 1;
                field = lines.get(i).substring(mark + "# expect:".length()).strip();
            }
        }
        assertThat(line).as("fixture marks its offending line").isPositive();

        Cli r = Cli.run("validate", "--topology", BOUTIQUE, fixture.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        String prefix = fixture + ":" + line + ":";
        String expectedField = field;
        assertThat(r.err().lines()).as(r.err()).anySatisfy(l -> {
            assertThat(l).startsWith(prefix).matches(".*:\\d+:[1-9]\\d*: .*");
            if (!expectedField.isEmpty()) assertThat(l).contains(": " + expectedField + ": ");
        });
    }

    @Test
    void validIntentsAndTopologiesExitZero() {
        Cli r = Cli.run("validate", "--topology", BOUTIQUE, FIXTURES.resolve("valid").toString(), "../examples/intents", "../examples/topologies");
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("valid: 5 intents, 2 topologies");
    }

    @Test
    void jsonOutputListsEveryErrorWithItsPosition() throws Exception {
        Cli r = Cli.run("validate", "--format", "json", "--topology", BOUTIQUE,
                FIXTURES.resolve("invalid/unknown-fault-type.intent.yaml").toString(),
                FIXTURES.resolve("invalid/target-not-in-topology.intent.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("errors")).hasSize(2);
        JsonNode first = json.get("errors").get(0);
        assertThat(first.get("file").asText()).endsWith("unknown-fault-type.intent.yaml");
        assertThat(first.get("line").asInt()).isEqualTo(10);
        assertThat(first.get("column").asInt()).isEqualTo(11);
        assertThat(first.get("field").asText()).isEqualTo("spec.fault.type");
        assertThat(first.get("message").asText()).contains("latency");
    }

    @Test
    void jsonOutputOfValidFilesSaysValid() throws Exception {
        Cli r = Cli.run("validate", "--format", "json", "../examples/intents");
        assertThat(r.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("valid").asBoolean()).isTrue();
        assertThat(json.get("errors")).isEmpty();
    }

    @Test
    void withoutTopologyOnlyTheFileItselfIsChecked() {
        assertThat(Cli.run("validate", FIXTURES.resolve("invalid/target-not-in-topology.intent.yaml").toString()).exitCode()).isZero();
        assertThat(Cli.run("validate", FIXTURES.resolve("invalid/target-in-own-exclusion-zone.intent.yaml").toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void brokenTopologyFileIsReportedToo() {
        Cli r = Cli.run("validate", "--topology", "../assay-format/src/test/resources/topologies/bad-unknown-callee.topology.json",
                FIXTURES.resolve("valid").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad-unknown-callee.topology.json:4:").contains("unknown service 'inventory'");
    }

    @Test
    void theSameIntentIdInTwoFilesIsReportedAtTheSecond(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String text = Files.readString(FIXTURES.resolve("valid/checkout.intent.yaml"));
        Files.writeString(dir.resolve("a.intent.yaml"), text);
        Files.writeString(dir.resolve("b.intent.yaml"), text);
        Cli r = Cli.run("validate", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("b.intent.yaml:4:7: metadata.id: intent id 'checkout-copes-with-slow-catalog' is also used by")
                .contains("a.intent.yaml:4:7");
    }

    @Test
    void missingFileIsInvalidInput() {
        Cli r = Cli.run("validate", "no/such.intent.yaml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no/such.intent.yaml: no such file");
    }

    @Test
    void helpDescribesTheCommand() {
        Cli r = Cli.run("validate", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--topology").contains("--format");
    }
}
