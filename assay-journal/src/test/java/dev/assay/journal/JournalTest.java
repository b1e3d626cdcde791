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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    private final Instant t0 = Instant.parse("2026-11-25T04:00:00Z");

    @Test
    void outcomesRoundTripWithEveryField() {
        try (Journal j = Journal.open(dir.resolve("j.db"))) {
            j.startExperiment("e1", "checkout-tolerates-inventory-latency", List.of("inventory"), t0);
            j.recordOutcome(SampleOutcomes.refuted("e1", t0));
            j.startExperiment("e2", "orders-survive", List.of(), t0.plusSeconds(100));
            j.recordOutcome(SampleOutcomes.aborted("e2", t0.plusSeconds(100)));
        }
        try (Journal j = Journal.open(dir.resolve("j.db"))) {
            assertThat(j.outcomes()).containsExactly(SampleOutcomes.refuted("e1", t0), SampleOutcomes.aborted("e2", t0.plusSeconds(100)));
        }
    }

    @Test
    void transitionsAreKeptInOrder() {
        try (Journal j = Journal.open(dir.resolve("j.db"))) {
            j.startExperiment("e1", "i", List.of(), t0);
            j.transition("e1", "PREFLIGHT", "", t0.plusSeconds(1));
            j.transition("e1", "BASELINE", "30s", t0.plusSeconds(2));
            j.finishExperiment("e1", "DONE", t0.plusSeconds(3));
            assertThat(j.transitions("e1")).extracting(Journal.Transition::state).containsExactly("PLANNED", "PREFLIGHT", "BASELINE", "DONE");
        }
    }

    @Test
    void aFinishedExperimentWithAFaultNotRecordedRemovedIsAnUnconfirmedRemovalUntilItIs() {
        try (Journal j = Journal.open(dir.resolve("j.db"))) {
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

    @Test
    void anExperimentWithoutAnEndIsUnfinishedWithItsOpenFaults() {
        try (Journal j = Journal.open(dir.resolve("j.db"))) {
            j.startExperiment("e1", "i", List.of(), t0);
            j.transition("e1", "INJECTING", "", t0);
            j.faultApplying("e1", new Journal.FaultEntry("f1", "toxiproxy", "latency", "inventory", "{delayMs=500}", "L1", t0.plusSeconds(10), t0));
            j.faultApplying("e1", new Journal.FaultEntry("f2", "toxiproxy", "latency", "cart", "{delayMs=500}", "L1", t0.plusSeconds(10), t0));
            j.faultRemoved("e1", "f2", t0.plusSeconds(1));
            j.startExperiment("e2", "i", List.of(), t0);
            j.finishExperiment("e2", "DONE", t0.plusSeconds(5));
        }
        try (Journal j = Journal.open(dir.resolve("j.db"))) {
            assertThat(j.unfinished()).singleElement().satisfies(u -> {
                assertThat(u.experimentId()).isEqualTo("e1");
                assertThat(u.lastState()).isEqualTo("INJECTING");
                assertThat(u.openFaults()).extracting(Journal.FaultEntry::key).containsExactly("f1");
            });
        }
    }

    @Test
    void beliefSnapshotsAreStoredAndTheLatestIsRead() {
        try (Journal j = Journal.open(dir.resolve("j.db"))) {
            assertThat(j.latestBeliefs()).isEmpty();
            j.recordBeliefs("e1", "{\"v\":1}", t0);
            j.recordBeliefs("e2", "{\"v\":2}", t0.plusSeconds(1));
            assertThat(j.latestBeliefs()).contains("{\"v\":2}");
        }
    }

    @Test
    void theJournalIsInWalModeAtTheLatestSchemaVersion() throws Exception {
        try (Journal j = Journal.open(dir.resolve("j.db"))) {
            assertThat(j.schemaVersion()).isEqualTo(Migrations.STEPS.size());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("j.db"));
             Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
                r.next();
                assertThat(r.getString(1)).isEqualTo("wal");
            }
            try (ResultSet r = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void reopeningDoesNotReapplyMigrations() {
        Journal.open(dir.resolve("j.db")).close();
        try (Journal j = Journal.open(dir.resolve("j.db"))) {
            assertThat(j.schemaVersion()).isEqualTo(2);
        }
    }

    @Test
    void decisionsAreKeptInOrderWithTheirOptionalIntentAndExperiment() {
        Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
        try (Journal j = Journal.open(dir.resolve("j.db"))) {
            j.recordDecision(new Journal.Decision(t0, "SKIPPED", Optional.empty(), Optional.empty(), "outside the allowed windows"));
            j.recordDecision(new Journal.Decision(t0.plusSeconds(60), "RAN", Optional.of("i1"), Optional.of("i1-1"), "best candidate"));
        }
        try (Journal j = Journal.open(dir.resolve("j.db"))) {
            assertThat(j.decisions()).containsExactly(
                    new Journal.Decision(t0, "SKIPPED", Optional.empty(), Optional.empty(), "outside the allowed windows"),
                    new Journal.Decision(t0.plusSeconds(60), "RAN", Optional.of("i1"), Optional.of("i1-1"), "best candidate"));
        }
    }

    @Test
    void aVersionOneJournalIsMigratedToDecisionsKeepingItsOutcomes() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("old.db")); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            for (String sql : Migrations.STEPS.get(0)) s.execute(sql);
            s.execute("INSERT INTO schema_version VALUES (1, 'then')");
        }
        try (Journal j = Journal.open(dir.resolve("old.db"))) {
            assertThat(j.schemaVersion()).isEqualTo(2);
            assertThat(j.decisions()).isEmpty();
        }
    }

    @Test
    void aJournalFromANewerAssayIsRefused() throws Exception {
        Journal.open(dir.resolve("j.db")).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("j.db")); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version VALUES (99, 'later')");
        }
        assertThatThrownBy(() -> Journal.open(dir.resolve("j.db"))).isInstanceOf(JournalException.class)
                .hasMessageContaining("version 99").hasMessageContaining("newer Assay");
    }

    @Test
    void aFileThatIsNotSqliteIsReportedWithItsPath() throws Exception {
        Path junk = dir.resolve("junk.db");
        Files.writeString(junk, "this is not a database, just text that is long enough to have a header".repeat(20));
        assertThatThrownBy(() -> Journal.open(junk)).isInstanceOf(JournalException.class).hasMessageContaining(junk.toString());
    }

    @Test
    void usersCanQueryMeasurementsWithSql() throws Exception {
        try (Journal j = Journal.open(dir.resolve("j.db"))) {
            j.startExperiment("e1", "i", List.of(), t0);
            j.recordOutcome(SampleOutcomes.refuted("e1", t0));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("j.db")); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT o.verdict, m.during, m.ci_low FROM outcomes o JOIN measurements m USING (experiment_id) "
                     + "WHERE m.decision = 'BROKEN'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("REFUTED");
            assertThat(r.getDouble(2)).isEqualTo(812.25);
            assertThat(r.getDouble(3)).isEqualTo(780);
        }
    }
}
