package dev.assay.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What differs between the journal's SQL databases; everything else (tables, queries, migrations) is shared
 * by {@link JdbcJournal}. Migration DDL names its non-portable column kinds as placeholders:
 * {@code ${serial}} (an auto-numbered primary key), {@code ${real}} (a double) and {@code ${long}} (a 64-bit integer).
 */
enum Dialect {
    SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT", "REAL", "INTEGER"),
    POSTGRESQL("BIGSERIAL PRIMARY KEY", "DOUBLE PRECISION", "BIGINT");

    private final String serial;
    private final String real;
    private final String integer64;

    Dialect(String serial, String real, String integer64) {
        this.serial = serial;
        this.real = real;
        this.integer64 = integer64;
    }

    /** {@code ddl} with the placeholders replaced by this database's types. */
    String ddl(String ddl) {
        return ddl.replace("${serial}", serial).replace("${real}", real).replace("${long}", integer64);
    }

    /** Session settings applied once per connection. */
    void configure(Connection c) throws SQLException {
        if (this != SQLITE) return;
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA foreign_keys=ON");
        }
    }

    /**
     * Serialises migrations between controllers opening one journal at once, inside the migration's transaction
     * (PostgreSQL: a transaction-scoped advisory lock; SQLite's writer lock already serialises them).
     */
    void lockForMigration(Statement s) throws SQLException {
        if (this == POSTGRESQL) s.execute("SELECT pg_advisory_xact_lock(7421000001)");
    }
}
