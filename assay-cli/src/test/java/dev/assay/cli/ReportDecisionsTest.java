package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.journal.Journal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decisions continuous mode journals are in {@code assay report}: text, JSON, Markdown and HTML. */
class ReportDecisionsTest {
    @Test
    void ranSkippedAndFrozenWithTheirReasonsAreInEveryFormat(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("journal.db");
        try (Journal j = Journal.open(db)) {
            j.recordDecision(new Journal.Decision(Instant.parse("2026-12-01T10:00:00Z"), "RAN", Optional.of("checkout-tolerates-slow-catalog"),
                    Optional.of("x-1"), "best candidate checkout-tolerates-slow-catalog; verdict SUPPORTED"));
            j.recordDecision(new Journal.Decision(Instant.parse("2026-12-01T16:00:00Z"), "SKIPPED", Optional.empty(), Optional.empty(),
                    "outside the allowed windows; the next opens at 2026-12-02T09:00:00Z"));
            j.recordDecision(new Journal.Decision(Instant.parse("2026-12-02T09:30:00Z"), "FROZEN", Optional.empty(), Optional.empty(),
                    "frozen by the operator: release of payment 2.3"));
        }
        Cli text = Cli.run("report", "--journal", db.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("decisions (assay serve: ran, skipped, frozen, and why):")
                .contains("RAN      checkout-tolerates-slow-catalog: best candidate").contains("SKIPPED  outside the allowed windows")
                .contains("FROZEN   frozen by the operator: release of payment 2.3");

        Cli json = Cli.run("report", "--journal", db.toString(), "--format", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode decisions = new ObjectMapper().readTree(json.out()).path("decisions");
        assertThat(decisions).hasSize(3);
        assertThat(decisions.get(0).path("action").asText()).isEqualTo("RAN");
        assertThat(decisions.get(0).path("intent").asText()).isEqualTo("checkout-tolerates-slow-catalog");
        assertThat(decisions.get(0).path("experimentId").asText()).isEqualTo("x-1");
        assertThat(decisions.get(1).path("intent").isNull()).isTrue();
        assertThat(decisions.get(2).path("reason").asText()).contains("release of payment 2.3");

        assertThat(Cli.run("report", "--journal", db.toString(), "--format", "markdown").out()).contains("SKIPPED  outside the allowed windows");
        assertThat(Cli.run("report", "--journal", db.toString(), "--format", "html").out()).contains("FROZEN   frozen by the operator");
    }
}
