package dev.assay.journal;

import dev.assay.testkit.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The journal backends every contract test runs on: a SQLite file, and a real PostgreSQL server started by the tests. */
enum Backend {
    SQLITE, POSTGRESQL;

    /** A fresh, empty journal location: a file in {@code dir}, or a new database on the shared test server. */
    String location(Path dir) {
        return this == SQLITE ? dir.resolve("j.db").toString() : PostgresServer.shared().newDatabase();
    }

    /** A plain JDBC connection to {@code location}, as a user's SQL client would open. */
    Connection connect(String location) throws SQLException {
        if (this == SQLITE) return DriverManager.getConnection("jdbc:sqlite:" + location);
        PostgresJournal.Target t = PostgresJournal.parse(location);
        return DriverManager.getConnection(t.jdbcUrl(), t.user().orElseThrow(), t.password().orElseThrow());
    }
}
