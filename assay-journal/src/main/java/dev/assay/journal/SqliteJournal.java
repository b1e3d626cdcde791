package dev.assay.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Opens the SQLite journal (the default). WAL mode with {@code synchronous=FULL}: every commit is fsynced before
 * the call returns, so a committed transition or outcome survives not only a killed process (which NORMAL would
 * also survive) but a host crash or power loss during an experiment — the moment a chaos tool is most likely to
 * meet one. The journal writes a handful of rows per experiment, so the fsync per commit costs nothing that matters.
 */
final class SqliteJournal {
    private SqliteJournal() {
    }

    static Journal open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try {
                return JdbcJournal.on(c, Dialect.SQLITE, file.toString());
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (SQLException | java.io.IOException e) {
            throw new JournalException("cannot open the journal " + file + ": " + e.getMessage()
                    + "; check the path is a writable SQLite file (or pass another --journal)", e);
        }
    }
}
