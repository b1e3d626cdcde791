package dev.assay.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.testkit.FreePorts;
import dev.assay.testkit.PostgresServer;
import org.junit.jupiter.api.Test;

/** Opening a PostgreSQL journal: URL forms, and what the user is told when the URL or the server is wrong. */
class PostgresJournalTest {
    @Test
    void aUrlNamesHostPortDatabaseAndCredentials() {
        PostgresJournal.Target t = PostgresJournal.parse("postgresql://team:p%40ss@db.internal:6432/assay?sslmode=require");
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/assay?sslmode=require");
        assertThat(t.user()).contains("team");
        assertThat(t.password()).contains("p@ss");
        assertThat(t.describe()).isEqualTo("postgresql://team@db.internal:6432/assay").doesNotContain("p@ss");
        assertThat(PostgresJournal.parse("postgres://h/db").port()).isEqualTo(5432);
    }

    @Test
    void aUrlWithoutADatabaseSaysWhatToWrite() {
        assertThatThrownBy(() -> Journal.open("postgresql://u:secret@localhost:5432")).isInstanceOf(JournalException.class)
                .hasMessageContaining("no database").hasMessageContaining("postgresql://user:password@host:port/database")
                .hasMessageNotContaining("secret");
    }

    @Test
    void anUnreachableServerIsAClearErrorWithoutThePassword() {
        int closed = FreePorts.next();
        assertThatThrownBy(() -> Journal.open("postgresql://u:secret@127.0.0.1:" + closed + "/assay"))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("cannot open the PostgreSQL journal postgresql://u@127.0.0.1:" + closed + "/assay")
                .hasMessageContaining("check the server is running").hasMessageNotContaining("secret");
    }

    @Test
    void aWrongPasswordIsAClearError() {
        String url = PostgresServer.shared().newDatabase().replace(PostgresServer.PASSWORD, "wrong");
        assertThatThrownBy(() -> Journal.open(url)).isInstanceOf(JournalException.class)
                .hasMessageContaining("password").hasMessageNotContaining(":wrong@");
    }

    @Test
    void aServerUrlCountsAsExisting() {
        String url = PostgresServer.shared().newDatabase();
        assertThat(Journal.exists(url)).isTrue();
        try (Journal j = Journal.open(url)) {
            assertThat(j.location()).startsWith("postgresql://assay@127.0.0.1:").doesNotContain(PostgresServer.PASSWORD);
        }
    }
}
