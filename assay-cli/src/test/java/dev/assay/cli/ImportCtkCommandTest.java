package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCtkCommandTest {
    static final String EXPERIMENT = "../examples/ctk/catalog-latency.experiment.json";
    static final String BOUTIQUE = "../examples/topologies/online-boutique.topology.json";

    @Test
    void toxiproxyLatencyExperimentImportsIntoAnIntentThatValidates(@TempDir Path dir) {
        Path out = dir.resolve("catalog.intent.yaml");
        Cli imported = Cli.run("import", "ctk", EXPERIMENT, "-o", out.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(out).exists();
        Cli validated = Cli.run("validate", "--topology", BOUTIQUE, out.toString());
        assertThat(validated.exitCode()).as(validated.err()).isZero();
        assertThat(validated.out()).contains("valid: 1 intent");
    }

    @Test
    void printsTheIntentOnStdoutAndTheWarningsOnStderr() {
        Cli r = Cli.run("import", "ctk", EXPERIMENT);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("kind: Intent").contains("type: latency").contains("delayMs: 500").contains("below: 2s");
        assertThat(r.err()).contains("warning: " + EXPERIMENT + ":41:5: rollbacks[0]: rollback 'remove-catalog-latency'")
                .contains("method[0].pauses");
    }

    @Test
    void topologyCheckFailsWhenTheProxyNameIsNoService(@TempDir Path dir) throws Exception {
        Path experiment = dir.resolve("e.json");
        Files.writeString(experiment, Files.readString(Path.of(EXPERIMENT)).replace("\"for_proxy\": \"productcatalog\"", "\"for_proxy\": \"catalog_proxy\""));
        Cli r = Cli.run("import", "ctk", experiment.toString(), "--topology", BOUTIQUE, "--target-behavior", "checkout");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("spec.fault.target: unknown service 'catalog_proxy'");
        assertThat(r.out()).contains("targetBehavior: checkout");
    }

    @Test
    void experimentWithoutAFaultExitsTwo(@TempDir Path dir) throws Exception {
        Path experiment = dir.resolve("e.yaml");
        Files.writeString(experiment, "title: nothing\nmethod: []\n");
        Cli r = Cli.run("import", "ctk", experiment.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("e.yaml:2:1: method: no action in the method maps to an Assay fault");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][] {{"--help"}, {"import", "--help"}, {"import", "ctk", "--help"}, {"graph", "--help"}, {"validate", "--help"}}) {
            Cli r = Cli.run(cmd);
            assertThat(r.exitCode()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).as(String.join(" ", cmd)).startsWith("Usage: assay");
        }
    }
}
