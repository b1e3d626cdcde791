package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SloCommandTest {
    @Test
    void anUnreachablePrometheusShowsTheBudgetUnknownNotFull(@TempDir Path dir) throws Exception {
        Path system = dir.resolve("assay.yaml");
        Files.writeString(system, """
                apiVersion: assay/v1
                kind: System
                metadata: {name: shop}
                spec:
                  telemetry:
                    - {kind: prometheus, url: "http://127.0.0.1:%d"}
                  slis:
                    - {name: errors, prometheus: "sum(rate(e[$window])) / sum(rate(r[$window]))"}
                  slos:
                    - {name: avail, sli: errors, objective: 99.9%%, window: 30d}
                """.formatted(FreePorts.next()));
        Cli r = Cli.run("slo", "--system", system.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("errors", "UNKNOWN", "avail", "budget UNKNOWN").doesNotContain("budget remaining");

        Cli json = Cli.run("slo", "--system", system.toString(), "--format", "json");
        assertThat(json.out()).contains("\"known\" : false", "\"remaining\" : null");
    }

    @Test
    void anSliWhoseSourceIsNotConfiguredIsUnknown(@TempDir Path dir) throws Exception {
        Path system = dir.resolve("assay.yaml");
        Files.writeString(system, """
                apiVersion: assay/v1
                kind: System
                metadata: {name: shop}
                spec:
                  slis:
                    - {name: inv, proxy: inventory}
                  slos:
                    - {name: inv-avail, sli: inv, objective: 0.99, window: 7d}
                """);
        Cli r = Cli.run("slo", "--system", system.toString());
        assertThat(r.out()).contains("configures no such telemetry source", "budget UNKNOWN");
    }

    @Test
    void anInvalidSystemFileIsInvalidInputWithItsPosition(@TempDir Path dir) throws Exception {
        Path system = dir.resolve("assay.yaml");
        Files.writeString(system, "apiVersion: assay/v1\nkind: System\nmetadata: {name: x}\nspec: {slos: [{name: a, sli: nope, objective: 0.9, window: 1d}]}\n");
        Cli r = Cli.run("slo", "--system", system.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("assay.yaml:4:").contains("unknown SLI 'nope'");
    }
}
