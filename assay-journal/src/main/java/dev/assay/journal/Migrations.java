package dev.assay.journal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * Versioned schema migrations. Each entry upgrades the schema by one version inside one transaction and is
 * recorded in {@code schema_version}; never edit a released entry, append a new one.
 */
final class Migrations {
    static final List<List<String>> STEPS = List.of(
            List.of(
                    """
                    CREATE TABLE experiments (
                      id TEXT PRIMARY KEY, intent_id TEXT NOT NULL, predicted_blast_radius TEXT NOT NULL,
                      started_at TEXT NOT NULL, ended_at TEXT, final_state TEXT)""",
                    """
                    CREATE TABLE transitions (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT, experiment_id TEXT NOT NULL REFERENCES experiments(id),
                      state TEXT NOT NULL, detail TEXT NOT NULL, at TEXT NOT NULL)""",
                    """
                    CREATE TABLE faults (
                      experiment_id TEXT NOT NULL REFERENCES experiments(id), fault_key TEXT NOT NULL,
                      injector TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL, level TEXT NOT NULL,
                      lease_id TEXT NOT NULL, lease_expires_at TEXT NOT NULL, applied_at TEXT NOT NULL, removed_at TEXT,
                      PRIMARY KEY (experiment_id, fault_key))""",
                    """
                    CREATE TABLE outcomes (
                      experiment_id TEXT PRIMARY KEY, intent_id TEXT NOT NULL, verdict TEXT NOT NULL, verdict_reason TEXT,
                      abort_reason TEXT, abort_latency_ms REAL, predicted_blast_radius TEXT NOT NULL,
                      actual_blast_radius TEXT NOT NULL, discovered TEXT NOT NULL, prediction_error REAL NOT NULL,
                      budget_consumed REAL NOT NULL, bits_gained REAL NOT NULL, started_at TEXT NOT NULL, ended_at TEXT NOT NULL)""",
                    """
                    CREATE TABLE measurements (
                      experiment_id TEXT NOT NULL REFERENCES outcomes(experiment_id), seq INTEGER NOT NULL, sli TEXT NOT NULL,
                      criterion TEXT NOT NULL, threshold REAL NOT NULL, reference TEXT NOT NULL, baseline REAL NOT NULL,
                      during REAL NOT NULL, ci_low REAL, ci_high REAL, confidence REAL, baseline_samples INTEGER NOT NULL,
                      during_samples INTEGER NOT NULL, p_value REAL NOT NULL, decision TEXT NOT NULL, method TEXT NOT NULL,
                      PRIMARY KEY (experiment_id, seq))""",
                    """
                    CREATE TABLE beliefs (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT, experiment_id TEXT NOT NULL, at TEXT NOT NULL, beliefs TEXT NOT NULL)""",
                    "CREATE INDEX transitions_by_experiment ON transitions(experiment_id, seq)",
                    "CREATE INDEX outcomes_by_intent ON outcomes(intent_id)"),
            // 2: the continuous scheduler's decisions (assay serve --continuous): ran, skipped, why
            List.of(
                    """
                    CREATE TABLE decisions (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, action TEXT NOT NULL,
                      intent_id TEXT, experiment_id TEXT, reason TEXT NOT NULL)""",
                    "CREATE INDEX decisions_by_time ON decisions(at)"));

    private Migrations() {
    }

    static int migrate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
        }
        int current = current(c);
        if (current > STEPS.size()) {
            throw new JournalException("the journal's schema is version " + current + " but this Assay knows only up to "
                    + STEPS.size() + "; use a newer Assay or another --journal file");
        }
        for (int v = current + 1; v <= STEPS.size(); v++) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : STEPS.get(v - 1)) s.execute(sql);
                s.execute("INSERT INTO schema_version(version, applied_at) VALUES (" + v + ", '" + Instant.now() + "')");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return STEPS.size();
    }

    static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
