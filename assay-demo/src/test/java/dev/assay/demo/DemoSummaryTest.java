package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.belief.Finding;
import dev.assay.model.FaultClass;
import dev.assay.runner.Learned;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {
    private final DemoSummary summary = new DemoSummary(Path.of("/w/journal.db"), Path.of("/w/report.html"), 123.45,
            List.of(new DemoSummary.Experiment("a", "SUPPORTED", Optional.empty(), Optional.empty(), Optional.empty(), List.of(), 0.4567, List.of("e1")),
                    new DemoSummary.Experiment("b", "ABORTED", Optional.of("guard x"), Optional.of("guard x"), Optional.of(12L), List.of("x->y"), 1.0, List.of())),
            List.of(new DemoSummary.Stale("s", List.of("mechanism edge cart->inventory was removed"))),
            List.of(new DemoSummary.Redundant("r", 0.99)),
            new Learned(List.of(new Finding("checkout", "inventory", FaultClass.LATENCY, 4, "latency delayMs=400", 0.98765)), List.of(), List.of(),
                    List.of("checkout->catalog")),
            List.of("a->b"), false, List.of(new LlmEdgeFinding("assistant-survives-llm-rate-limit", "rate-limit", List.of("retries-without-backoff"),
                    1.0, 1.94, 0, 0.21, 41, "assistant -> llm: retries 429s at once: 1.9 LLM calls per question during the fault vs 1.0 before")));

    @Test
    void theJsonFormHasExactlyTheDocumentedFields() throws Exception {
        JsonNode j = new ObjectMapper().readTree(summary.json());
        assertThat(j.fieldNames()).toIterable().containsExactly("journal", "report", "durationSeconds", "experiments", "stale", "redundant", "findings",
                "mechanisms", "llmEdge");
        assertThat(j.path("llmEdge").get(0).fieldNames()).toIterable().containsExactly("intent", "fault", "mechanisms", "baselineCallsPerQuestion",
                "callsPerQuestion", "fallbackShare", "failedShare", "p50Ms", "text");
        assertThat(j.path("llmEdge").get(0).path("callsPerQuestion").asDouble()).isEqualTo(1.94);
        assertThat(j.path("experiments").get(0).fieldNames()).toIterable()
                .containsExactly("intent", "verdict", "abortReason", "abortLatencyMs", "discovered", "bitsGained");
        assertThat(j.path("experiments").get(0).path("abortReason").isNull()).isTrue();
        assertThat(j.path("experiments").get(1).path("abortLatencyMs").asLong()).isEqualTo(12);
        assertThat(j.path("stale").get(0).asText()).isEqualTo("s");
        assertThat(j.path("redundant").get(0).asText()).isEqualTo("r");
        JsonNode f = j.path("findings").get(0);
        assertThat(f.fieldNames()).toIterable().containsExactly("from", "to", "faultClass", "tolerant", "probability");
        assertThat(f.path("faultClass").asText()).isEqualTo("latency");
        assertThat(f.path("tolerant").isBoolean()).isTrue();
    }

    @Test
    void theTextFormNamesVerdictsStaleAndRedundantIntentsAndWhereTheJournalIs() {
        assertThat(summary.text()).contains("SUPPORTED", "ABORTED", "guard x (faults removed in 12 ms)", "s: mechanism edge cart->inventory was removed",
                "r: P(holds) = 0.990", "FRAGILE", "/w/journal.db");
    }

    @Test
    void theTextFormShowsWhatWasFirstSeenDuringAnExperiment() {
        assertThat(summary.text()).contains("first seen during an experiment: checkout->catalog");
    }

    @Test
    void theTextFormPrintsWhatWasMeasuredOnTheLlmEdge() {
        assertThat(summary.text()).contains("measured on assistant -> llm", "assistant-survives-llm-rate-limit",
                "retries 429s at once: 1.9 LLM calls per question during the fault vs 1.0 before");
    }

    @Test
    void theHtmlReportEndsWithWhatWasMeasuredOnTheLlmEdge() {
        String html = DemoReport.withLlmEdge("<html><body><p>report</p></body></html>", summary.llmEdge());
        assertThat(html).contains("<h2>Measured on assistant &rarr; llm</h2>", "retries-without-backoff",
                "retries 429s at once: 1.9 LLM calls per question during the fault vs 1.0 before").endsWith("</table>\n</body></html>");
    }
}
