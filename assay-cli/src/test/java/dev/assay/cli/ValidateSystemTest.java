package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay validate --system}: the system file is checked too, and each intent's sample needs are told before any run. */
class ValidateSystemTest {
    static final Path INTENT = Path.of("..").toAbsolutePath().normalize().resolve("examples/intents/checkout-tolerates-catalog-latency.intent.yaml");

    @Test
    void problemsOfTheSystemFileAreReportedWithTheirPosition(@TempDir Path dir) throws Exception {
        Path sys = Files.writeString(dir.resolve("assay.yaml"), "apiVersion: assay/v1\nkind: System\nmetadata: {name: x}\nspec:\n  slos: [{name: a, sli: nope, objective: 0.99, window: 7d}]\n");
        Cli r = Cli.run("validate", "--system", sys.toString(), INTENT.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("assay.yaml:5:").contains("unknown SLI 'nope'");
    }

    @Test
    void anSliWithoutAnObservedRateIsNamedNotGuessed(@TempDir Path dir) throws Exception {
        Path sys = Files.writeString(dir.resolve("assay.yaml"), """
                apiVersion: assay/v1
                kind: System
                metadata: {name: x}
                spec:
                  telemetry: [{kind: proxy, url: "http://127.0.0.1:1/metrics"}, {kind: prometheus, url: "http://127.0.0.1:1"}]
                  slis:
                    - {name: checkout.errors.rate, proxy: checkout}
                    - {name: checkout.latency.p99, kind: value, prometheus: "histogram_quantile(0.99, sum by (le) (rate(x_bucket[$window])))"}
                    - {name: business.orders.rate, kind: value, prometheus: "sum(rate(orders_total[$window]))"}
                """);
        Cli r = Cli.run("validate", "--system", sys.toString(), INTENT.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("checkout.latency.p99 has no observed request rate; its window cannot be told")
                .contains("checkout.errors.rate has no observed request rate");
    }
}
