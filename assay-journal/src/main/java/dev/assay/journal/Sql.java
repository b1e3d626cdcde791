package dev.assay.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/** One journal connection, serialised by a lock: each write is one committed transaction; failures name the journal. */
final class Sql {
    private final Connection connection;
    private final String where;
    private final ReentrantLock lock = new ReentrantLock();

    Sql(Connection connection, String where) {
        this.connection = connection;
        this.where = where;
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    interface Action {
        void run(Connection c) throws SQLException;
    }

    /** Runs {@code action} in one committed transaction. */
    void write(Action action) {
        writeGet(c -> {
            action.run(c);
            return null;
        });
    }

    /** Runs {@code work} in one committed transaction and returns what it returned. */
    <T> T writeGet(Work<T> work) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new JournalException("cannot write to the journal " + where + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    <T> T read(Work<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new JournalException("cannot read the journal " + where + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new JournalException("cannot close the journal " + where + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Executes {@code sql} with {@code args} bound in order; returns the number of rows changed. */
    static int change(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) p.setObject(i + 1, args[i]);
            return p.executeUpdate();
        }
    }

    static void update(Connection c, String sql, Object... args) throws SQLException {
        change(c, sql, args);
    }
}
