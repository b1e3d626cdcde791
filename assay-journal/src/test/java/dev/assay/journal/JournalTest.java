package dev.assay.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** The journal's contract, run against both backends: a SQLite file and a real PostgreSQL server (see {@link Backend}). */
class JournalTest {
    @TempDir
    Path dir;

    private final Instant t0 = Instant.parse("2026-11-25T04:00:00Z");

    @ParameterizedTest
    @EnumSource(Backend.class)
    void outcomesRoundTripWithEveryField(Backend b) {
        String at = b.location(dir);
        try (Journal j = Journal.open(at)) {
            j.startExperiment("e1", "checkout-tolerates-inventory-latency", List.of("inventory"), t0);
            j.recordOutcome(SampleOutcomes.refuted("e1", t0));
            j.startExperiment("e2", "orders-survive", List.of(), t0.plusSeconds(100));
            j.recordOutcome(SampleOutcomes.aborted("e2", t0.plusSeconds(100)));
        }
        try (Journal j = Journal.open(at)) {
            assertThat(j.outcomes()).containsExactly(SampleOutcomes.refuted("e1", t0), SampleOutcomes.aborted("e2", t0.plusSeconds(100)));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void outcomesKeepTheirServicesAndJourneysSliWindows(Backend b) {
        String at = b.location(dir);
        try (Journal j = Journal.open(at)) {
            j.startExperiment("e1", "checkout-tolerates-inventory-latency", List.of("inventory"), t0);
            j.recordOutcome(SampleOutcomes.measured("e1", t0));
        }
        try (Journal j = Journal.open(at)) {
            assertThat(j.outcome("e1")).contains(SampleOutcomes.measured("e1", t0));
            assertThat(j.outcome("e1").orElseThrow().measured()).hasSize(2).allSatisfy(w -> assertThat(w.hasP99()).isTrue());
            assertThat(j.schemaVersion()).isGreaterThanOrEqualTo(4);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void transitionsAreKeptInOrder(Backend b) {
        String at = b.location(dir);
        try (Journal j = Journal.open(at)) {
            j.startExperiment("e1", "i", List.of(), t0);
            j.transition("e1", "PREFLIGHT", "", t0.plusSeconds(1));
            j.transition("e1", "BASELINE", "30s", t0.plusSeconds(2));
            j.finishExperiment("e1", "DONE", t0.plusSeconds(3));
            assertThat(j.transitions("e1")).extracting(Journal.Transition::state).containsExactly("PLANNED", "PREFLIGHT", "BASELINE", "DONE");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFinishedExperimentWithAFaultNotRecordedRemovedIsAnUnconfirmedRemovalUntilItIs(Backend b) {
        String at = b.location(dir);
        try (Journal j = Journal.open(at)) {
            j.startExperiment("e1", "i", List.of(), t0);
            j.faultApplying("e1", new Journal.FaultEntry("f1", "toxiproxy", "latency", "inventory", "{delayMs=500}", "L1", t0.plusSeconds(10), t0));
            j.finishExperiment("e1", "ABORTED", "removal could not be confirmed", t0.plusSeconds(5));
            j.startExperiment("e2", "i", List.of(), t0);
            j.finishExperiment("e2", "DONE", t0.plusSeconds(5));
            assertThat(j.unfinished()).isEmpty();
            assertThat(j.unconfirmedRemovals()).singleElement().satisfies(u -> {
                assertThat(u.experimentId()).isEqualTo("e1");
                assertThat(u.lastState()).isEqualTo("ABORTED");
                assertThat(u.openFaults()).extracting(Journal.FaultEntry::key).containsExactly("f1");
            });
            assertThat(j.transitions("e1")).last().satisfies(t -> assertThat(t.detail()).isEqualTo("removal could not be confirmed"));
            j.faultRemoved("e1", "f1", t0.plusSeconds(60));
            assertThat(j.unconfirmedRemovals()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anExperimentWithoutAnEndIsUnfinishedWithItsOpenFaults(Backend b) {
        String at = b.location(dir);
        try (Journal j = Journal.open(at)) {
            j.startExperiment("e1", "i", List.of(), t0);
            j.transition("e1", "INJECTING", "", t0);
            j.faultApplying("e1", new Journal.FaultEntry("f1", "toxiproxy", "latency", "inventory", "{delayMs=500}", "L1", t0.plusSeconds(10), t0));
            j.faultApplying("e1", new Journal.FaultEntry("f2", "toxiproxy", "latency", "cart", "{delayMs=500}", "L1", t0.plusSeconds(10), t0));
            j.faultRemoved("e1", "f2", t0.plusSeconds(1));
            j.startExperiment("e2", "i", List.of(), t0);
            j.finishExperiment("e2", "DONE", t0.plusSeconds(5));
        }
        try (Journal j = Journal.open(at)) {
            assertThat(j.unfinished()).singleElement().satisfies(u -> {
                assertThat(u.experimentId()).isEqualTo("e1");
                assertThat(u.lastState()).isEqualTo("INJECTING");
                assertThat(u.openFaults()).extracting(Journal.FaultEntry::key).containsExactly("f1");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void beliefSnapshotsAreStoredAndTheLatestIsRead(Backend b) {
        String at = b.location(dir);
        try (Journal j = Journal.open(at)) {
            assertThat(j.latestBeliefs()).isEmpty();
            j.recordBeliefs("e1", "{\"v\":1}", t0);
            j.recordBeliefs("e2", "{\"v\":2}", t0.plusSeconds(1));
            assertThat(j.latestBeliefs()).contains("{\"v\":2}");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theJournalIsAtTheLatestSchemaVersion(Backend b) throws Exception {
        String at = b.location(dir);
        try (Journal j = Journal.open(at)) {
            assertThat(j.schemaVersion()).isEqualTo(Migrations.STEPS.size());
        }
        try (Connection c = b.connect(at); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            for (int v = 1; v <= Migrations.STEPS.size(); v++) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(v);
            }
            assertThat(r.next()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void reopeningDoesNotReapplyMigrations(Backend b) {
        String at = b.location(dir);
        Journal.open(at).close();
        try (Journal j = Journal.open(at)) {
            assertThat(j.schemaVersion()).isEqualTo(Migrations.STEPS.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void decisionsAreKeptInOrderWithTheirOptionalIntentAndExperiment(Backend b) {
        String at = b.location(dir);
        Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
        try (Journal j = Journal.open(at)) {
            j.recordDecision(new Journal.Decision(t0, "SKIPPED", java.util.Optional.empty(), java.util.Optional.empty(), "outside the allowed windows"));
            j.recordDecision(new Journal.Decision(t0.plusSeconds(60), "RAN", java.util.Optional.of("i1"), java.util.Optional.of("i1-1"), "best candidate"));
        }
        try (Journal j = Journal.open(at)) {
            assertThat(j.decisions()).containsExactly(
                    new Journal.Decision(t0, "SKIPPED", java.util.Optional.empty(), java.util.Optional.empty(), "outside the allowed windows"),
                    new Journal.Decision(t0.plusSeconds(60), "RAN", java.util.Optional.of("i1"), java.util.Optional.of("i1-1"), "best candidate"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aJournalFromANewerAssayIsRefused(Backend b) throws Exception {
        String at = b.location(dir);
        Journal.open(at).close();
        try (Connection c = b.connect(at); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version VALUES (99, 'later')");
        }
        assertThatThrownBy(() -> Journal.open(at)).isInstanceOf(JournalException.class)
                .hasMessageContaining("version 99").hasMessageContaining("newer Assay");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void usersCanQueryMeasurementsWithSql(Backend b) throws Exception {
        String at = b.location(dir);
        try (Journal j = Journal.open(at)) {
            j.startExperiment("e1", "i", List.of(), t0);
            j.recordOutcome(SampleOutcomes.refuted("e1", t0));
        }
        try (Connection c = b.connect(at); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT o.verdict, m.during, m.ci_low FROM outcomes o JOIN measurements m USING (experiment_id) "
                     + "WHERE m.decision = 'BROKEN'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("REFUTED");
            assertThat(r.getDouble(2)).isEqualTo(812.25);
            assertThat(r.getDouble(3)).isEqualTo(780);
        }
    }
}
