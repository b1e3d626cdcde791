package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.Finding;
import dev.assay.model.FaultClass;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportsTest {
    private static Outcome aborted(String intent, String reason, Optional<Duration> latency) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return new Outcome(intent + "-1", intent, new Verdict.Aborted(reason, List.of()), Optional.of(reason), latency, List.of(), List.of(),
                List.of("checkout->catalog"), 0, 0, 0, t, t.plusSeconds(3));
    }

    private final List<Outcome> outcomes = List.of(
            aborted("guarded", "guard slo checkout-99 burn rate > 50.0x breached: checkout.errors.rate = 0.94", Optional.of(Duration.ofMillis(20))),
            aborted("refused", "pre-flight refused: the error budget is spent", Optional.empty()));

    @Test
    void aGuardAbortIsAJUnitFailureAndARefusalAnError() {
        String xml = Reports.render(outcomes, Reports.Format.JUNIT);
        assertThat(xml).contains("failures=\"1\"", "errors=\"1\"");
        assertThat(xml).containsPattern("name=\"guarded\"[^>]*>\\s*<failure type=\"aborted\"");
        assertThat(xml).containsPattern("name=\"refused\"[^>]*>\\s*<error type=\"aborted\"");
    }

    @Test
    void everyFormatShowsFindingsAndWhatWasFirstSeenDuringAnExperiment() {
        Learned learned = new Learned(List.of(new Finding("checkout", "inventory", FaultClass.LATENCY, 4, "latency delayMs=400", 0.97)),
                List.of(), List.of(), Learned.discovered(outcomes));
        assertThat(Reports.render(outcomes, learned, Reports.Format.TEXT))
                .contains("checkout -> inventory", "FRAGILE", "P = 0.970", "first seen during an experiment: checkout->catalog")
                .doesNotContain("nothing new");
        assertThat(Reports.render(outcomes, learned, Reports.Format.JSON)).contains("\"findings\"", "\"testedAt\" : \"latency delayMs=400\"");
        assertThat(Reports.render(outcomes, learned, Reports.Format.HTML)).contains("<h2>Findings</h2>", "<b>fragile</b>", "checkout-&gt;catalog");
        assertThat(Reports.render(outcomes, learned, Reports.Format.MARKDOWN)).contains("| checkout → inventory | latency |");
    }

    @Test
    void everyFormatSaysWhyWithEachTestedEdgesInferredMechanism() {
        dev.assay.model.Topology shop = new dev.assay.model.Topology("t", List.of(
                new dev.assay.model.Service("checkout", dev.assay.model.ServiceKind.SERVICE),
                new dev.assay.model.Service("payment", dev.assay.model.ServiceKind.SERVICE)), List.of(dev.assay.model.Edge.of("checkout", "payment")), List.of());
        dev.assay.belief.EdgeExplanation why = dev.assay.belief.MechanismBelief.create(shop).explain("checkout", "payment");
        Learned learned = new Learned(List.of(), List.of(), List.of(), List.of(), List.of(why));
        assertThat(learned.mechanismText("checkout->payment")).contains(why.text());
        assertThat(Reports.render(outcomes, learned, Reports.Format.TEXT)).contains("why (inferred mechanism", why.text());
        assertThat(Reports.render(outcomes, learned, Reports.Format.JSON)).contains("\"mechanisms\"", "\"mechanism\" : \"" + why.mechanism().describe());
        assertThat(Reports.render(outcomes, learned, Reports.Format.HTML)).contains("<ul id=\"mechanisms\">", Reports.esc(why.text()));
        assertThat(Reports.render(outcomes, learned, Reports.Format.MARKDOWN)).contains("## Why: inferred mechanisms", why.text());
    }
}
