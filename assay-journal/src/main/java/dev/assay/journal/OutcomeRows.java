package dev.assay.journal;

import dev.assay.verdict.Evidence;
import dev.assay.verdict.Interval;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.SliWindows;
import dev.assay.verdict.Verdict;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Reads outcomes (with their measurements) back from rows. */
final class OutcomeRows {
    private OutcomeRows() {
    }

    static List<Outcome> read(Connection c, String experimentId) throws SQLException {
        String sql = """
                SELECT experiment_id, intent_id, verdict, verdict_reason, abort_reason, abort_latency_ms, predicted_blast_radius,
                  actual_blast_radius, discovered, prediction_error, budget_consumed, bits_gained, started_at, ended_at
                FROM outcomes""" + (experimentId == null ? "" : " WHERE experiment_id = ?") + " ORDER BY started_at, experiment_id";
        List<Outcome> result = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            if (experimentId != null) p.setString(1, experimentId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String id = r.getString(1);
                    List<Evidence> evidence = measurements(c, id);
                    String reason = Optional.ofNullable(r.getString(4)).orElse("");
                    Verdict verdict = switch (r.getString(3)) {
                        case "SUPPORTED" -> new Verdict.Supported(evidence);
                        case "REFUTED" -> new Verdict.Refuted(reason, evidence);
                        case "INCONCLUSIVE" -> new Verdict.Inconclusive(reason, evidence);
                        case "ABORTED" -> new Verdict.Aborted(reason, evidence);
                        default -> throw new JournalException("outcome " + id + " has an unknown verdict " + r.getString(3));
                    };
                    double latency = r.getDouble(6);
                    Optional<Duration> abortLatency = r.wasNull() ? Optional.empty() : Optional.of(Duration.ofNanos(Math.round(latency * 1e6)));
                    result.add(new Outcome(id, r.getString(2), verdict, Optional.ofNullable(r.getString(5)), abortLatency,
                            Json.readList(r.getString(7)), Json.readList(r.getString(8)), Json.readList(r.getString(9)),
                            r.getDouble(10), r.getDouble(11), r.getDouble(12), Instant.parse(r.getString(13)), Instant.parse(r.getString(14)), slis(c, id)));
                }
            }
        }
        return result;
    }

    /** The outcome's SLI windows (migration 4; none for outcomes journaled before it). */
    private static List<SliWindows> slis(Connection c, String experimentId) throws SQLException {
        List<SliWindows> result = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("""
                SELECT name, journey, baseline_error_rate, baseline_requests, baseline_p50_ms, baseline_p99_ms, error_rate, requests,
                  p50_ms, p99_ms FROM outcome_slis WHERE experiment_id = ? ORDER BY seq""")) {
            p.setString(1, experimentId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    SliWindows.Window b = new SliWindows.Window(r.getDouble(3), r.getLong(4), optional(r, 5), optional(r, 6));
                    SliWindows.Window f = new SliWindows.Window(r.getDouble(7), r.getLong(8), optional(r, 9), optional(r, 10));
                    result.add(new SliWindows(r.getString(1), r.getInt(2) != 0, b, f));
                }
            }
        }
        return result;
    }

    private static OptionalDouble optional(ResultSet r, int column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    private static List<Evidence> measurements(Connection c, String experimentId) throws SQLException {
        List<Evidence> result = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("""
                SELECT sli, criterion, threshold, reference, baseline, during, ci_low, ci_high, confidence, baseline_samples,
                  during_samples, p_value, decision, method FROM measurements WHERE experiment_id = ? ORDER BY seq""")) {
            p.setString(1, experimentId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    double low = r.getDouble(7);
                    Optional<Interval> interval = r.wasNull() ? Optional.empty() : Optional.of(new Interval(low, r.getDouble(8), r.getDouble(9)));
                    result.add(new Evidence(r.getString(1), r.getString(2), r.getDouble(3), Evidence.Reference.valueOf(r.getString(4)),
                            r.getDouble(5), r.getDouble(6), interval, r.getLong(10), r.getLong(11), r.getDouble(12),
                            Evidence.Decision.valueOf(r.getString(13)), r.getString(14)));
                }
            }
        }
        return result;
    }
}
