package dev.assay.journal;

import dev.assay.model.Incident;
import dev.assay.verdict.Evidence;
import dev.assay.verdict.Interval;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.SliWindows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The journal on any SQL database the {@link Dialect} knows: every table, query and migration is shared; only
 * DDL column kinds and connection settings differ. One connection, serialised by a lock (guards and the runner
 * may write concurrently); each call is one committed transaction. Opened by {@link SqliteJournal} and
 * {@link PostgresJournal}.
 */
final class JdbcJournal implements Journal {
    private final String where;
    private final Sql sql;
    private final int version;

    private JdbcJournal(String where, Sql sql, int version) {
        this.where = where;
        this.sql = sql;
        this.version = version;
    }

    /** Configures and migrates {@code c}; {@code where} names the journal in messages (a file, or a server and database). */
    static JdbcJournal on(Connection c, Dialect dialect, String where) throws SQLException {
        dialect.configure(c);
        return new JdbcJournal(where, new Sql(c, where), Migrations.migrate(c, dialect));
    }

    @Override
    public int schemaVersion() {
        return version;
    }

    @Override
    public void startExperiment(String experimentId, String intentId, List<String> predictedBlastRadius, Instant at) {
        sql.write(c -> {
            Sql.update(c, "INSERT INTO experiments(id, intent_id, predicted_blast_radius, started_at) VALUES (?, ?, ?, ?)",
                    experimentId, intentId, Json.write(predictedBlastRadius), at.toString());
            Sql.update(c, "INSERT INTO transitions(experiment_id, state, detail, at) VALUES (?, 'PLANNED', '', ?)", experimentId, at.toString());
        });
    }

    @Override
    public void transition(String experimentId, String state, String detail, Instant at) {
        sql.write(c -> Sql.update(c, "INSERT INTO transitions(experiment_id, state, detail, at) VALUES (?, ?, ?, ?)",
                experimentId, state, detail, at.toString()));
    }

    @Override
    public void faultApplying(String experimentId, FaultEntry f) {
        sql.write(c -> Sql.update(c, """
                INSERT INTO faults(experiment_id, fault_key, injector, type, target, level, lease_id, lease_expires_at, applied_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", experimentId, f.key(), f.injector(), f.type(), f.target(), f.level(),
                f.leaseId(), f.leaseExpiresAt().toString(), f.at().toString()));
    }

    @Override
    public void faultRemoved(String experimentId, String faultKey, Instant at) {
        sql.write(c -> Sql.update(c, "UPDATE faults SET removed_at = ? WHERE experiment_id = ? AND fault_key = ? AND removed_at IS NULL",
                at.toString(), experimentId, faultKey));
    }

    @Override
    public void finishExperiment(String experimentId, String state, String detail, Instant at) {
        sql.write(c -> {
            Sql.update(c, "INSERT INTO transitions(experiment_id, state, detail, at) VALUES (?, ?, ?, ?)", experimentId, state, detail, at.toString());
            Sql.update(c, "UPDATE experiments SET ended_at = ?, final_state = ? WHERE id = ?", at.toString(), state, experimentId);
        });
    }

    @Override
    public List<Unfinished> unfinished() {
        return sql.read(c -> {
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
        return sql.read(c -> {
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
        sql.write(c -> {
            Sql.update(c, """
                    INSERT INTO outcomes(experiment_id, intent_id, verdict, verdict_reason, abort_reason, abort_latency_ms,
                      predicted_blast_radius, actual_blast_radius, discovered, prediction_error, budget_consumed, bits_gained,
                      started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    o.experimentId(), o.intentId(), o.verdict().kind(), o.verdictReason().orElse(null), o.abortReason().orElse(null),
                    o.abortLatency().map(d -> d.toNanos() / 1e6).orElse(null), Json.write(o.predictedBlastRadius()),
                    Json.write(o.actualBlastRadius()), Json.write(o.discovered()), o.predictionError(), o.budgetConsumed(),
                    o.bitsGained(), o.startedAt().toString(), o.endedAt().toString());
            int seq = 0;
            for (Evidence e : o.verdict().evidence()) {
                Sql.update(c, """
                        INSERT INTO measurements(experiment_id, seq, sli, criterion, threshold, reference, baseline, during, ci_low,
                          ci_high, confidence, baseline_samples, during_samples, p_value, decision, method)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        o.experimentId(), seq++, e.sli(), e.criterion(), e.threshold(), e.reference().name(), e.baseline(),
                        e.during(), e.interval().map(Interval::low).orElse(null), e.interval().map(Interval::high).orElse(null),
                        e.interval().map(Interval::confidence).orElse(null), e.baselineSamples(), e.duringSamples(), e.pValue(),
                        e.decision().name(), e.method());
            }
            seq = 0;
            for (SliWindows w : o.measured()) {
                Sql.update(c, """
                        INSERT INTO outcome_slis(experiment_id, seq, name, journey, baseline_error_rate, baseline_requests, baseline_p50_ms,
                          baseline_p99_ms, error_rate, requests, p50_ms, p99_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        o.experimentId(), seq++, w.name(), w.journey() ? 1 : 0, w.baseline().errorRate(), w.baseline().requests(),
                        orNull(w.baseline().p50Ms()), orNull(w.baseline().p99Ms()), w.fault().errorRate(), w.fault().requests(),
                        orNull(w.fault().p50Ms()), orNull(w.fault().p99Ms()));
            }
        });
    }

    private static Double orNull(java.util.OptionalDouble v) {
        return v.isPresent() ? v.getAsDouble() : null;
    }

    @Override
    public List<Outcome> outcomes() {
        return sql.read(c -> OutcomeRows.read(c, null));
    }

    @Override
    public Optional<Outcome> outcome(String experimentId) {
        return sql.read(c -> OutcomeRows.read(c, experimentId)).stream().findFirst();
    }

    @Override
    public List<Transition> transitions(String experimentId) {
        return sql.read(c -> {
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
        sql.write(c -> Sql.update(c, "INSERT INTO beliefs(experiment_id, at, beliefs) VALUES (?, ?, ?)", experimentId, at.toString(), beliefsJson));
    }

    @Override
    public Optional<String> latestBeliefs() {
        return sql.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT beliefs FROM beliefs ORDER BY seq DESC LIMIT 1")) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
            }
        });
    }

    @Override
    public void recordDecision(Decision d) {
        sql.write(c -> Sql.update(c, "INSERT INTO decisions(at, action, intent_id, experiment_id, reason) VALUES (?, ?, ?, ?, ?)", d.at().toString(),
                d.action(), d.intentId().orElse(null), d.experimentId().orElse(null), d.reason()));
    }

    @Override
    public List<Decision> decisions() {
        return sql.read(c -> {
            List<Decision> out = new java.util.ArrayList<>();
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
    public boolean acquireExperimentLease(String holder, String experimentId, Instant now, java.time.Duration ttl) {
        return sql.writeGet(c -> LeaseRows.acquire(c, holder, experimentId, now, ttl));
    }

    @Override
    public void releaseExperimentLease(String holder) {
        sql.write(c -> LeaseRows.release(c, holder));
    }

    @Override
    public Optional<ExperimentLease> experimentLease() {
        return sql.read(LeaseRows::current);
    }

    @Override
    public void recordIncident(Incident incident) {
        sql.write(c -> IncidentRows.insert(c, incident));
    }

    @Override
    public List<Incident> incidents() {
        return sql.read(IncidentRows::all);
    }

    @Override
    public boolean resolveIncident(String incidentId, Instant at) {
        return sql.writeGet(c -> IncidentRows.resolve(c, incidentId, at));
    }

    @Override
    public void recordTopology(String experimentId, String fingerprint) {
        sql.write(c -> Sql.update(c, "UPDATE experiments SET topology = ? WHERE id = ?", fingerprint, experimentId));
    }

    @Override
    public java.util.Map<String, String> topologies() {
        return sql.read(c -> {
            java.util.Map<String, String> result = new java.util.LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT id, topology FROM experiments WHERE topology IS NOT NULL ORDER BY started_at, id")) {
                while (r.next()) result.put(r.getString(1), r.getString(2));
            }
            return result;
        });
    }

    @Override
    public String location() {
        return where;
    }

    @Override
    public void close() {
        sql.close();
    }
}
