package dev.assay.cli;

import dev.assay.journal.Journal;
import dev.assay.journal.JournalException;
import dev.assay.model.InvalidInputException;
import java.nio.file.Path;

/**
 * The {@code --journal} every command takes: a SQLite file path (default {@code .assay/journal.db}) or a team
 * journal {@code postgresql://user:password@host:port/database}. A journal that cannot be opened (a bad URL, an
 * unreachable server, a file that is not SQLite) is the user's input to fix: exit 2 with what to do.
 */
final class Journals {
    static final String DEFAULT = ".assay/journal.db";
    static final String HELP = "The journal: a SQLite file or postgresql://user:password@host:port/database (default: ${DEFAULT-VALUE}).";

    private Journals() {
    }

    static Journal open(String location) {
        try {
            return Journal.open(location);
        } catch (JournalException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    static boolean exists(String location) {
        return Journal.exists(location);
    }

    /** Where the process injector keeps its lease files: beside a SQLite journal, else under {@code .assay}. */
    static Path leaseDir(String location) {
        return Journal.exists(location) && location.contains("://")
                ? Path.of(".assay", "leases").toAbsolutePath()
                : Path.of(location).toAbsolutePath().resolveSibling("leases");
    }
}
