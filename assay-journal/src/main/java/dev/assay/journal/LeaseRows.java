package dev.assay.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The journal-wide experiment lease: one row that a controller takes before an experiment's faults and renews
 * while it runs. Taking it is one atomic upsert (SQLite and PostgreSQL share the syntax), which succeeds only if
 * the row is absent, held by the same holder, or expired; so two controllers on one journal never both hold it.
 */
final class LeaseRows {
    private static final String NAME = "experiments";

    private LeaseRows() {
    }

    static boolean acquire(Connection c, String holder, String experimentId, Instant now, Duration ttl) throws SQLException {
        long expires = now.plus(ttl).toEpochMilli();
        return Sql.change(c, """
                INSERT INTO experiment_leases(name, holder, experiment_id, expires_at_ms) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, experiment_id = excluded.experiment_id,
                  expires_at_ms = excluded.expires_at_ms
                WHERE experiment_leases.holder = excluded.holder OR experiment_leases.expires_at_ms < ?""",
                NAME, holder, experimentId, expires, now.toEpochMilli()) == 1;
    }

    static void release(Connection c, String holder) throws SQLException {
        Sql.update(c, "DELETE FROM experiment_leases WHERE name = ? AND holder = ?", NAME, holder);
    }

    static Optional<Journal.ExperimentLease> current(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT holder, experiment_id, expires_at_ms FROM experiment_leases WHERE name = ?")) {
            p.setString(1, NAME);
            try (ResultSet r = p.executeQuery()) {
                return r.next()
                        ? Optional.of(new Journal.ExperimentLease(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3))))
                        : Optional.empty();
            }
        }
    }
}
