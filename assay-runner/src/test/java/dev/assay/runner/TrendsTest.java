package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.journal.Journal;
import dev.assay.model.InvalidInputException;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History across runs: per-intent timelines, flaky hypotheses on an unchanged topology, budget per week, the window. */
class TrendsTest {
    @TempDir
    Path dir;

    private final Instant now = Instant.parse("2026-11-30T12:00:00Z"); // a Monday

    private static Outcome outcome(String id, String intent, Verdict v, Instant at, double budget) {
        return new Outcome(id, intent, v, Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), 0, budget, 0.5, at, at.plusSeconds(60));
    }

    private static Verdict supported() {
        return new Verdict.Supported(List.of());
    }

    private static Verdict refuted() {
        return new Verdict.Refuted("p99 broke", List.of());
    }

    @Test
    void aVerdictThatFlipsOnOneTopologyIsFlakyButAChangeAfterDriftIsNot() {
        List<Outcome> outcomes = List.of(
                outcome("e1", "checkout", supported(), now.minus(Duration.ofDays(20)), 0.01),
                outcome("e2", "checkout", refuted(), now.minus(Duration.ofDays(13)), 0.02),
                outcome("e3", "checkout", supported(), now.minus(Duration.ofDays(6)), 0.01),
                outcome("e4", "browse", supported(), now.minus(Duration.ofDays(5)), 0.005),
                outcome("e5", "browse", refuted(), now.minus(Duration.ofDays(1)), 0.004),
                outcome("old", "browse", refuted(), now.minus(Duration.ofDays(40)), 0.5));
        Map<String, String> topologies = Map.of("e1", "aaa", "e2", "aaa", "e3", "aaa", "e4", "aaa", "e5", "bbb", "old", "aaa");
        Trends t = Trends.of(outcomes, topologies, now, Duration.ofDays(30));

        assertThat(t.intents()).extracting(Trends.IntentTrend::intentId).containsExactly("checkout", "browse");
        assertThat(t.intents().get(0).points()).extracting(Trends.Point::verdict).containsExactly("SUPPORTED", "REFUTED", "SUPPORTED");
        assertThat(t.intents().get(0).verdictCounts()).containsEntry("SUPPORTED", 2).containsEntry("REFUTED", 1);
        assertThat(t.intents().get(1).points()).as("the 40-day-old outcome is outside the window").hasSize(2);
        assertThat(t.flaky()).singleElement().satisfies(f -> {
            assertThat(f.intentId()).isEqualTo("checkout");
            assertThat(f.topology()).isEqualTo("aaa");
            assertThat(f.changes()).isEqualTo(2);
        });
        assertThat(t.weeks()).extracting(Trends.Week::monday).containsExactly(LocalDate.parse("2026-11-09"), LocalDate.parse("2026-11-16"),
                LocalDate.parse("2026-11-23"));
        assertThat(t.weeks().get(2).budgetConsumed()).isCloseTo(0.019, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.weeks().get(2).experiments()).isEqualTo(3);
        assertThat(TrendsText.text(t)).contains("checkout").contains("SRS").contains("topology aaa: SUPPORTED -> REFUTED -> SUPPORTED (2 changes)")
                .contains("2026-11-23");
    }

    @Test
    void outcomesWithoutATopologyAndInconclusiveOnesAreNeverFlaky() {
        List<Outcome> outcomes = List.of(
                outcome("e1", "i", supported(), now.minusSeconds(300), 0),
                outcome("e2", "i", new Verdict.Inconclusive("few samples", List.of()), now.minusSeconds(200), 0),
                outcome("e3", "i", refuted(), now.minusSeconds(100), 0));
        assertThat(Trends.of(outcomes, Map.of(), now, Duration.ofDays(1)).flaky()).isEmpty();
        assertThat(Trends.of(outcomes, Map.of("e1", "x", "e2", "x"), now, Duration.ofDays(1)).flaky()).isEmpty();
    }

    @Test
    void theRunnerRecordsTheTopologyTheJournalTrendsRead() {
        try (Journal j = Journal.open(dir.resolve("j.db"))) {
            for (int i = 0; i < 2; i++) {
                Outcome o = outcome("e" + i, "i", i == 0 ? supported() : refuted(), now.minusSeconds(100 - i), 0.01);
                j.startExperiment(o.experimentId(), "i", List.of(), o.startedAt());
                j.recordTopology(o.experimentId(), TopologyFingerprint.of(java.util.Set.of("cart", "frontend", "frontend->cart")));
                j.recordOutcome(o);
            }
            assertThat(Trends.of(j, now, Duration.ofHours(1)).flaky()).singleElement()
                    .satisfies(f -> assertThat(f.topology()).isEqualTo(TopologyFingerprint.of(java.util.Set.of("frontend->cart", "frontend", "cart"))));
        }
    }

    @Test
    void theWindowIsReadWithAUnitOrRefused() {
        assertThat(Trends.parseSince("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(Trends.parseSince("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(Trends.parseSince("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(Trends.parseSince("90m")).isEqualTo(Duration.ofMinutes(90));
        for (String bad : List.of("30", "thirty days", "0d", "-3d", "5y")) {
            assertThatThrownBy(() -> Trends.parseSince(bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("--since: cannot read '" + bad + "'").hasMessageContaining("30d");
        }
    }

    @Test
    void fingerprintsIgnoreOrderAndSeeDrift() {
        assertThat(TopologyFingerprint.of(java.util.Set.of("a", "b"))).isEqualTo(TopologyFingerprint.of(java.util.Set.of("b", "a"))).hasSize(12);
        assertThat(TopologyFingerprint.of(java.util.Set.of("a", "b"))).isNotEqualTo(TopologyFingerprint.of(java.util.Set.of("a", "b", "a->b")));
    }
}
