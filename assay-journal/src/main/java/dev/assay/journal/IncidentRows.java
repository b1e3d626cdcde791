package dev.assay.journal;

import dev.assay.model.FaultClass;
import dev.assay.model.Incident;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Incidents (postmortem facts) as rows of the {@code incidents} table. */
final class IncidentRows {
    private IncidentRows() {
    }

    static void insert(Connection c, Incident i) throws SQLException {
        Sql.update(c, """
                INSERT INTO incidents(id, service, fault_class, magnitude, degraded, at, resolved_at, summary)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", i.id(), i.service(), i.faultClass().name(),
                i.magnitude().isPresent() ? i.magnitude().getAsDouble() : null, Json.write(i.degraded()), i.at().toString(),
                i.resolvedAt().map(Instant::toString).orElse(null), i.summary());
    }

    static boolean resolve(Connection c, String id, Instant at) throws SQLException {
        return Sql.change(c, "UPDATE incidents SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL", at.toString(), id) == 1;
    }

    static List<Incident> all(Connection c) throws SQLException {
        List<Incident> result = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT id, service, fault_class, magnitude, degraded, at, resolved_at, summary FROM incidents ORDER BY at, id")) {
            while (r.next()) {
                double m = r.getDouble(4);
                OptionalDouble magnitude = r.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(m);
                result.add(new Incident(r.getString(1), r.getString(2), FaultClass.valueOf(r.getString(3)), magnitude,
                        Json.readList(r.getString(5)), Instant.parse(r.getString(6)),
                        Optional.ofNullable(r.getString(7)).map(Instant::parse), r.getString(8)));
            }
        }
        return result;
    }
}
