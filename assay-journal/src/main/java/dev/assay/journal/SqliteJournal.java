package dev.assay.journal;

import dev.assay.verdict.Evidence;
import dev.assay.verdict.Interval;
import dev.assay.verdict.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SQLite journal. WAL mode with {@code synchronous=FULL}: every commit is fsynced before the call
 * returns, so a committed transition or outcome survives not only a killed process (which NORMAL would also
 * survive) but a host crash or power loss during an experiment — the moment a chaos tool is most likely to
 * meet one. The journal writes a handful of rows per experiment, so the fsync per commit costs nothing that
 * matters. One connection, serialised by a lock (guards and the runner may write concurrently).
 */
final class SqliteJournal implements Journal {
    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final int version;

    private SqliteJournal(Path file, Connection connection, int version) {
        this.file = file;
        this.connection = connection;
        this.version = version;
    }

    static SqliteJournal open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA foreign_keys=ON");
            }
            return new SqliteJournal(file, c, Migrations.migrate(c));
        } catch (SQLException | java.io.IOException e) {
            throw new JournalException("cannot open the journal " + file + ": " + e.getMessage()
                    + "; check the path is a writable SQLite file (or pass another --journal)", e);
        }
    }

    @Override
    public int schemaVersion() {
        return version;
    }

    @Override
    public void startExperiment(String experimentId, String intentId, List<String> predictedBlastRadius, Instant at) {
        write(c -> {
            update(c, "INSERT INTO experiments(id, intent_id, predicted_blast_radius, started_at) VALUES (?, ?, ?, ?)",
                    experimentId, intentId, Json.write(predictedBlastRadius), at.toString());
            update(c, "INSERT INTO transitions(experiment_id, state, detail, at) VALUES (?, 'PLANNED', '', ?)", experimentId, at.toString());
        });
    }

    @Override
    public void transition(String experimentId, String state, String detail, Instant at) {
        write(c -> update(c, "INSERT INTO transitions(experiment_id, state, detail, at) VALUES (?, ?, ?, ?)",
                experimentId, state, detail, at.toString()));
    }

    @Override
    public void faultApplying(String experimentId, FaultEntry f) {
        write(c -> update(c, """
                INSERT INTO faults(experiment_id, fault_key, injector, type, target, level, lease_id, lease_expires_at, applied_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", experimentId, f.key(), f.injector(), f.type(), f.target(), f.level(),
                f.leaseId(), f.leaseExpiresAt().toString(), f.at().toString()));
    }

    @Override
    public void faultRemoved(String experimentId, String faultKey, Instant at) {
        write(c -> update(c, "UPDATE faults SET removed_at = ? WHERE experiment_id = ? AND fault_key = ? AND removed_at IS NULL",
                at.toString(), experimentId, faultKey));
    }

    @Override
    public void finishExperiment(String experimentId, String state, String detail, Instant at) {
        write(c -> {
            update(c, "INSERT INTO transitions(experiment_id, state, detail, at) VALUES (?, ?, ?, ?)", experimentId, state, detail, at.toString());
            update(c, "UPDATE experiments SET ended_at = ?, final_state = ? WHERE id = ?", at.toString(), state, experimentId);
        });
    }

    @Override
    public List<Unfinished> unfinished() {
        return read(c -> {
            List<Unfinished> result = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT e.id, e.intent_id, e.started_at,
                           (SELECT state FROM transitions t WHERE t.experiment_id = e.id ORDER BY seq DESC LIMIT 1)
                    FROM experiments e WHERE e.ended_at IS NULL ORDER BY e.started_at""");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    result.add(new Unfinished(r.getString(1), r.getString(2), r.getString(4), Instant.parse(r.getString(3)),
                            openFaults(c, r.getString(1))));
                }
            }
            return result;
        });
    }

    @Override
    public List<Unfinished> unconfirmedRemovals() {
        return read(c -> {
            List<Unfinished> result = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT e.id, e.intent_id, e.started_at, e.final_state FROM experiments e
                    WHERE e.ended_at IS NOT NULL AND EXISTS (SELECT 1 FROM faults f WHERE f.experiment_id = e.id AND f.removed_at IS NULL)
                    ORDER BY e.started_at""");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    result.add(new Unfinished(r.getString(1), r.getString(2), r.getString(4), Instant.parse(r.getString(3)),
                            openFaults(c, r.getString(1))));
                }
            }
            return result;
        });
    }

    private static List<FaultEntry> openFaults(Connection c, String experimentId) throws SQLException {
        List<FaultEntry> faults = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("""
                SELECT fault_key, injector, type, target, level, lease_id, lease_expires_at, applied_at
                FROM faults WHERE experiment_id = ? AND removed_at IS NULL""")) {
            p.setString(1, experimentId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    faults.add(new FaultEntry(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                            r.getString(6), Instant.parse(r.getString(7)), Instant.parse(r.getString(8))));
                }
            }
        }
        return faults;
    }

    @Override
    public void recordOutcome(Outcome o) {
        write(c -> {
            update(c, """
                    INSERT INTO outcomes(experiment_id, intent_id, verdict, verdict_reason, abort_reason, abort_latency_ms,
                      predicted_blast_radius, actual_blast_radius, discovered, prediction_error, budget_consumed, bits_gained,
                      started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    o.experimentId(), o.intentId(), o.verdict().kind(), o.verdictReason().orElse(null), o.abortReason().orElse(null),
                    o.abortLatency().map(d -> d.toNanos() / 1e6).orElse(null), Json.write(o.predictedBlastRadius()),
                    Json.write(o.actualBlastRadius()), Json.write(o.discovered()), o.predictionError(), o.budgetConsumed(),
                    o.bitsGained(), o.startedAt().toString(), o.endedAt().toString());
            int seq = 0;
            for (Evidence e : o.verdict().evidence()) {
                update(c, """
                        INSERT INTO measurements(experiment_id, seq, sli, criterion, threshold, reference, baseline, during, ci_low,
                          ci_high, confidence, baseline_samples, during_samples, p_value, decision, method)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        o.experimentId(), seq++, e.sli(), e.criterion(), e.threshold(), e.reference().name(), e.baseline(),
                        e.during(), e.interval().map(Interval::low).orElse(null), e.interval().map(Interval::high).orElse(null),
                        e.interval().map(Interval::confidence).orElse(null), e.baselineSamples(), e.duringSamples(), e.pValue(),
                        e.decision().name(), e.method());
            }
        });
    }

    @Override
    public List<Outcome> outcomes() {
        return read(c -> OutcomeRows.read(c, null));
    }

    @Override
    public Optional<Outcome> outcome(String experimentId) {
        return read(c -> OutcomeRows.read(c, experimentId)).stream().findFirst();
    }

    @Override
    public List<Transition> transitions(String experimentId) {
        return read(c -> {
            List<Transition> result = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT state, detail, at FROM transitions WHERE experiment_id = ? ORDER BY seq")) {
                p.setString(1, experimentId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) result.add(new Transition(experimentId, r.getString(1), r.getString(2), Instant.parse(r.getString(3))));
                }
            }
            return result;
        });
    }

    @Override
    public void recordBeliefs(String experimentId, String beliefsJson, Instant at) {
        write(c -> update(c, "INSERT INTO beliefs(experiment_id, at, beliefs) VALUES (?, ?, ?)", experimentId, at.toString(), beliefsJson));
    }

    @Override
    public Optional<String> latestBeliefs() {
        return read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT beliefs FROM beliefs ORDER BY seq DESC LIMIT 1")) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
            }
        });
    }

    @Override
    public void recordDecision(Decision d) {
        write(c -> update(c, "INSERT INTO decisions(at, action, intent_id, experiment_id, reason) VALUES (?, ?, ?, ?, ?)", d.at().toString(),
                d.action(), d.intentId().orElse(null), d.experimentId().orElse(null), d.reason()));
    }

    @Override
    public List<Decision> decisions() {
        return read(c -> {
            List<Decision> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT at, action, intent_id, experiment_id, reason FROM decisions ORDER BY seq")) {
                while (r.next()) {
                    out.add(new Decision(Instant.parse(r.getString(1)), r.getString(2), Optional.ofNullable(r.getString(3)),
                            Optional.ofNullable(r.getString(4)), r.getString(5)));
                }
            }
            return out;
        });
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new JournalException("cannot close the journal " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    interface SqlAction {
        void run(Connection c) throws SQLException;
    }

    /** Runs {@code action} in one committed transaction. */
    private void write(SqlAction action) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try {
                action.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new JournalException("cannot write to the journal " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new JournalException("cannot read the journal " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) p.setObject(i + 1, args[i]);
            p.executeUpdate();
        }
    }
}
