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
                      seq ${serial}, experiment_id TEXT NOT NULL REFERENCES experiments(id),
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
                      abort_reason TEXT, abort_latency_ms ${real}, predicted_blast_radius TEXT NOT NULL,
                      actual_blast_radius TEXT NOT NULL, discovered TEXT NOT NULL, prediction_error ${real} NOT NULL,
                      budget_consumed ${real} NOT NULL, bits_gained ${real} NOT NULL, started_at TEXT NOT NULL, ended_at TEXT NOT NULL)""",
                    """
                    CREATE TABLE measurements (
                      experiment_id TEXT NOT NULL REFERENCES outcomes(experiment_id), seq INTEGER NOT NULL, sli TEXT NOT NULL,
                      criterion TEXT NOT NULL, threshold ${real} NOT NULL, reference TEXT NOT NULL, baseline ${real} NOT NULL,
                      during ${real} NOT NULL, ci_low ${real}, ci_high ${real}, confidence ${real}, baseline_samples INTEGER NOT NULL,
                      during_samples INTEGER NOT NULL, p_value ${real} NOT NULL, decision TEXT NOT NULL, method TEXT NOT NULL,
                      PRIMARY KEY (experiment_id, seq))""",
                    """
                    CREATE TABLE beliefs (
                      seq ${serial}, experiment_id TEXT NOT NULL, at TEXT NOT NULL, beliefs TEXT NOT NULL)""",
                    "CREATE INDEX transitions_by_experiment ON transitions(experiment_id, seq)",
                    "CREATE INDEX outcomes_by_intent ON outcomes(intent_id)"),
            List.of(
                    """
                    CREATE TABLE experiment_leases (
                      name TEXT PRIMARY KEY, holder TEXT NOT NULL, experiment_id TEXT NOT NULL, expires_at_ms ${long} NOT NULL)""",
                    """
                    CREATE TABLE incidents (
                      id TEXT PRIMARY KEY, service TEXT NOT NULL, fault_class TEXT NOT NULL, magnitude ${real}, degraded TEXT NOT NULL,
                      at TEXT NOT NULL, resolved_at TEXT, summary TEXT NOT NULL)""",
                    "ALTER TABLE experiments ADD COLUMN topology TEXT"),
            // 3: the continuous scheduler's decisions (assay serve --continuous): ran, skipped, why
            List.of(
                    """
                    CREATE TABLE decisions (
                      seq ${serial}, at TEXT NOT NULL, action TEXT NOT NULL,
                      intent_id TEXT, experiment_id TEXT, reason TEXT NOT NULL)""",
                    "CREATE INDEX decisions_by_time ON decisions(at)"),
            // 4: every observed service's and journey's SLIs in an outcome's baseline and fault windows (the mechanism belief learns from them)
            List.of(
                    """
                    CREATE TABLE outcome_slis (
                      experiment_id TEXT NOT NULL REFERENCES outcomes(experiment_id), seq INTEGER NOT NULL, name TEXT NOT NULL,
                      journey INTEGER NOT NULL, baseline_error_rate ${real} NOT NULL, baseline_requests ${long} NOT NULL,
                      baseline_p50_ms ${real}, baseline_p99_ms ${real}, error_rate ${real} NOT NULL, requests ${long} NOT NULL,
                      p50_ms ${real}, p99_ms ${real}, PRIMARY KEY (experiment_id, seq))"""));

    private Migrations() {
    }

    static int migrate(Connection c, Dialect dialect) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            dialect.lockForMigration(s);
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        int current = current(c);
        if (current > STEPS.size()) {
            throw new JournalException("the journal's schema is version " + current + " but this Assay knows only up to "
                    + STEPS.size() + "; use a newer Assay or another --journal");
        }
        for (int v = current + 1; v <= STEPS.size(); v++) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                dialect.lockForMigration(s);
                if (current(c) >= v) { // another controller migrated while this one waited for the lock
                    c.commit();
                    continue;
                }
                for (String sql : STEPS.get(v - 1)) s.execute(dialect.ddl(sql));
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
