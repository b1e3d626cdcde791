package dev.assay.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the SQLite file journal promises: WAL mode, and a clear error for a file that is not SQLite. */
class SqliteJournalTest {
    @TempDir
    Path dir;

    @Test
    void theJournalIsInWalMode() throws Exception {
        Journal.open(dir.resolve("j.db")).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("j.db"));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
            r.next();
            assertThat(r.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void aFileThatIsNotSqliteIsReportedWithItsPath() throws Exception {
        Path junk = dir.resolve("junk.db");
        Files.writeString(junk, "this is not a database, just text that is long enough to have a header".repeat(20));
        assertThatThrownBy(() -> Journal.open(junk)).isInstanceOf(JournalException.class).hasMessageContaining(junk.toString());
    }

    @Test
    void aPathIsASqliteJournalAndDoesNotExistUntilOpened() {
        String at = dir.resolve("sub/j.db").toString();
        assertThat(Journal.exists(at)).isFalse();
        try (Journal j = Journal.open(at)) {
            assertThat(j.location()).isEqualTo(at);
        }
        assertThat(Journal.exists(at)).isTrue();
    }
}
