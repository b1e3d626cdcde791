package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.journal.Journal;
import dev.assay.verdict.Evidence;
import dev.assay.verdict.Interval;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;

    Path journal;
    final Instant t0 = Instant.parse("2026-11-25T04:00:00Z");

    @BeforeEach
    void journalWithOutcomes() {
        journal = dir.resolve("journal.db");
        Evidence broken = new Evidence("checkout.latency.p99", "checkout.latency.p99 below 400ms", 400, Evidence.Reference.CONTROL_COHORT,
                120, 812, Optional.of(new Interval(780, 845, 0.95)), 2000, 1990, 0.0005, Evidence.Decision.BROKEN, "bootstrap");
        try (Journal j = Journal.open(journal)) {
            record(j, new Outcome("e1", "checkout-tolerates-catalog-latency", new Verdict.Refuted("p99 <broken> & \"late\"", List.of(broken)),
                    Optional.empty(), Optional.empty(), List.of("productcatalog"), List.of("productcatalog", "checkout"),
                    List.of("checkout->productcatalog"), 0.5, 0.0004, 0.73, t0, t0.plusSeconds(90)));
            record(j, new Outcome("e2", "cart-survives-redis-pause", new Verdict.Supported(List.of()), Optional.empty(), Optional.empty(),
                    List.of("redis-cart"), List.of("redis-cart"), List.of(), 0, 0.0001, 0.2, t0.plusSeconds(100), t0.plusSeconds(160)));
            record(j, new Outcome("e3", "orders-keep-flowing", new Verdict.Aborted("guard business.orders.rate dropsBy 2% breached", List.of()),
                    Optional.of("guard business.orders.rate dropsBy 2% breached"), Optional.of(Duration.ofMillis(87)), List.of(), List.of(),
                    List.of(), 0, 0.001, 0, t0.plusSeconds(200), t0.plusSeconds(205)));
        }
    }

    private static void record(Journal j, Outcome o) {
        j.startExperiment(o.experimentId(), o.intentId(), o.predictedBlastRadius(), o.startedAt());
        j.recordOutcome(o);
        j.finishExperiment(o.experimentId(), "DONE", o.endedAt());
    }

    @Test
    void jsonHasTheDocumentedShape() throws Exception {
        Cli cli = Cli.run("report", "--journal", journal.toString(), "--format", "json");
        assertThat(cli.exitCode()).isZero();
        JsonNode outcomes = new ObjectMapper().readTree(cli.out()).get("outcomes");
        assertThat(outcomes).hasSize(3);
        JsonNode first = outcomes.get(0);
        for (String field : List.of("id", "intent", "verdict", "abortReason", "abortLatencyMs", "predictedBlastRadius", "actualBlastRadius",
                "discovered", "bitsGained", "budgetConsumed", "startedAt", "endedAt")) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(first.get("verdict").asText()).isEqualTo("REFUTED");
        assertThat(first.get("discovered").get(0).asText()).isEqualTo("checkout->productcatalog");
        assertThat(outcomes.get(2).get("abortLatencyMs").asDouble()).isEqualTo(87.0);
        assertThat(first.get("evidence").get(0).get("interval").get(0).asDouble()).isEqualTo(780.0);
    }

    @Test
    void junitValidatesAgainstTheJenkinsJunitSchemaAndFailsRefutedAndGuardAbortedIntents() throws Exception {
        Path out = dir.resolve("reports/assay.xml");
        assertThat(Cli.run("report", "--journal", journal.toString(), "--format", "junit", "-o", out.toString()).exitCode()).isZero();
        String xml = Files.readString(out);
        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(getClass().getResource("junit-10.xsd").toExternalForm()));
        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
        assertThat(xml).contains("tests=\"3\"").contains("failures=\"2\"").contains("errors=\"0\"")
                .contains("<testcase name=\"checkout-tolerates-catalog-latency\"").contains("<failure type=\"refuted\"")
                .contains("<failure type=\"aborted\""); // a guard abort is evidence against the intent, not an infrastructure error
    }

    @Test
    void anInvalidJunitDocumentIsRejectedByTheSchema() throws Exception {
        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(getClass().getResource("junit-10.xsd").toExternalForm()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> schema.newValidator()
                .validate(new StreamSource(new StringReader("<testsuite name=\"x\"><testcase/></testsuite>"))))
                .isInstanceOf(org.xml.sax.SAXException.class);
    }

    @Test
    void theHtmlReportOpensInAHeadlessBrowser() throws Exception {
        Path html = dir.resolve("report.html");
        assertThat(Cli.run("report", "--journal", journal.toString(), "--format", "html", "-o", html.toString()).exitCode()).isZero();
        Path profile = Files.createDirectories(dir.resolve("chromium"));
        Process chromium = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile, "--dump-dom",
                html.toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(chromium.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dom).contains("<table id=\"outcomes\">").contains("class=\"REFUTED\"").contains("checkout-tolerates-catalog-latency")
                .contains("p99 &lt;broken&gt; &amp; \"late\"").contains("3 experiments");
    }

    @Test
    void markdownAndTextListEveryOutcome() {
        assertThat(Cli.run("report", "--journal", journal.toString(), "--format", "markdown").out())
                .contains("| checkout-tolerates-catalog-latency | REFUTED |").contains("| orders-keep-flowing | ABORTED |");
        assertThat(Cli.run("report", "--journal", journal.toString()).out()).contains("SUPPORTED    cart-survives-redis-pause")
                .contains("abort latency 87 ms").contains("learned 0.930 bits");
    }

    @Test
    void aMissingJournalIsInvalidInput() {
        Cli cli = Cli.run("report", "--journal", dir.resolve("nope.db").toString());
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("no journal at").contains("assay run");
    }

    @Test
    void sinceShowsTrendsAndKeepsTheWindowInJson() throws Exception {
        Cli text = Cli.run("report", "--journal", journal.toString(), "--since", "36500d");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("trends from").contains("outcomes per intent").contains("flaky hypotheses")
                .contains("error budget spent per week").contains("2026-11-23");
        JsonNode json = new ObjectMapper().readTree(Cli.run("report", "--journal", journal.toString(), "--since", "36500d", "--format", "json").out());
        assertThat(json.get("trends").get("intents")).hasSize(3);
        assertThat(json.get("trends").get("budgetPerWeek").get(0).get("experiments").asInt()).isEqualTo(3);
        assertThat(json.get("incidents")).isEmpty();
        JsonNode none = new ObjectMapper().readTree(Cli.run("report", "--journal", journal.toString(), "--since", "1h", "--format", "json").out());
        assertThat(none.get("outcomes")).as("outcomes of 2026-11-25 are older than an hour").isEmpty();
    }

    @Test
    void aWrongSinceExitsTwoSayingWhatToWrite() {
        Cli cli = Cli.run("report", "--journal", journal.toString(), "--since", "a month");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("--since: cannot read 'a month'").contains("30d").doesNotContain("\tat ");
    }

    @Test
    void theReportShowsTheIncidentsThatTaughtTheBelief() {
        String topology = java.nio.file.Path.of("..", "examples", "topologies", "online-boutique.topology.json").toString();
        String example = java.nio.file.Path.of("..", "examples", "incidents", "catalog-slow.incident.yaml").toString();
        assertThat(Cli.run("incident", "add", "--journal", journal.toString(), "--file", example, "--topology", topology).exitCode()).isZero();
        Cli report = Cli.run("report", "--journal", journal.toString());
        assertThat(report.out()).contains("incidents (postmortem facts the belief learned from").contains("INC-2026-042")
                .contains("incident INC-2026-042 (latency 657ms)");
    }
}
