package dev.assay.proxy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded history of every proxy's counters per series (proxy, callee, caller, route, cohort), in two tiers:
 * {@link #FINE} buckets kept for {@link #FINE_KEEP} and {@link #COARSE} buckets kept for {@link #COARSE_KEEP}.
 * Every {@link #FINE} the live counters are sampled; the increase since the previous sample is added to the
 * current bucket of both tiers, and the sampled time to the bucket's observed time. A window query sums the
 * buckets inside it plus the increase since the last sample, and says how much time it actually observed
 * (the proxy may be younger than the window, or have been down).
 *
 * <p>Stored in SQLite (one file per proxy configuration, or in memory): each sample is one small
 * transaction of upserts, so nothing is rewritten whole, a crash loses at most one sample, and retention is
 * a {@code DELETE} by bucket. At most {@value #MAX_SERIES} series are kept; more are folded into route
 * {@value #OTHER}. Rows never exceed series × (2,160 + 8,640).
 */
final class CounterHistory implements AutoCloseable {
    static final Duration FINE = Duration.ofSeconds(10);
    static final Duration FINE_KEEP = Duration.ofHours(6);
    static final Duration COARSE = Duration.ofMinutes(5);
    static final Duration COARSE_KEEP = Duration.ofDays(30);
    static final int MAX_SERIES = 512;
    static final String OTHER = "(other)";
    static final String[] STATUS = {"1xx", "2xx", "3xx", "4xx", "5xx", "none"};
    private static final int BUCKETS = ProxyMetrics.BUCKETS.length + 1;
    private static final String KEY = "proxy, callee, caller, route, cohort";

    /** One series: a route of an edge caller→callee through a proxy, in one cohort ({@code ""} for connections). */
    record Series(String proxy, String callee, String caller, String route, String cohort) {
    }

    /** Counts of one series: connections, requests per status class, latency bucket counts (last is +Inf). */
    static final class Counts {
        long connections;
        final long[] status = new long[STATUS.length];
        final long[] buckets = new long[BUCKETS];
        double sumSeconds;

        long requests() {
            long n = 0;
            for (long s : status) n += s;
            return n;
        }

        long errors() {
            return status[4] + status[5];
        }

        void add(Counts o, int sign) {
            connections += sign * o.connections;
            for (int i = 0; i < status.length; i++) status[i] += sign * o.status[i];
            for (int i = 0; i < buckets.length; i++) buckets[i] += sign * o.buckets[i];
            sumSeconds += sign * o.sumSeconds;
        }

        boolean isZero() {
            return connections == 0 && requests() == 0;
        }
    }

    /** The answer to a window query. {@code covered} is the observed time inside {@code [from, to]}. */
    record Window(Instant from, Instant to, Duration covered, Duration resolution, Map<Series, Counts> series) {
    }

    private final Connection db;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final String where;
    private Map<Series, Counts> last = new HashMap<>();
    private Instant lastSample;

    private CounterHistory(Connection db, Clock clock, String where) {
        this.db = db;
        this.clock = clock;
        this.where = where;
        this.lastSample = clock.instant();
    }

    /** Opens (creating if needed) the history in {@code file}, or in memory when empty. */
    static CounterHistory open(Optional<Path> file, Clock clock) {
        String where = file.map(Path::toString).orElse("memory");
        try {
            if (file.isPresent() && file.get().toAbsolutePath().getParent() != null) Files.createDirectories(file.get().toAbsolutePath().getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.map(Path::toString).orElse(":memory:"));
            try (Statement s = c.createStatement()) {
                int version;
                try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                    version = r.next() ? r.getInt(1) : 0;
                }
                if (version > 1) {
                    c.close();
                    throw FaultProxyException.badRequest("counter history " + where + " was written by a newer assay (schema " + version
                            + "); use a newer assay or another --history-file");
                }
                if (file.isPresent()) {
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA synchronous=NORMAL");
                }
                StringBuilder cols = new StringBuilder();
                for (int i = 0; i < STATUS.length; i++) cols.append(", s").append(i).append(" INTEGER NOT NULL DEFAULT 0");
                for (int i = 0; i < BUCKETS; i++) cols.append(", b").append(i).append(" INTEGER NOT NULL DEFAULT 0");
                s.execute("CREATE TABLE IF NOT EXISTS counts (tier INTEGER NOT NULL, slot INTEGER NOT NULL, proxy TEXT NOT NULL,"
                        + " callee TEXT NOT NULL, caller TEXT NOT NULL, route TEXT NOT NULL, cohort TEXT NOT NULL,"
                        + " connections INTEGER NOT NULL DEFAULT 0" + cols + ", sum REAL NOT NULL DEFAULT 0,"
                        + " PRIMARY KEY (tier, slot, " + KEY + ")) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS observed (tier INTEGER NOT NULL, slot INTEGER NOT NULL, millis INTEGER NOT NULL,"
                        + " PRIMARY KEY (tier, slot)) WITHOUT ROWID");
                s.execute("PRAGMA user_version=1");
                // a file whose tables are not these (another program's database) fails here, not at the first sample
                s.executeQuery("SELECT tier, slot, " + KEY + ", connections" + cols.toString().replaceAll(" INTEGER NOT NULL DEFAULT 0", "")
                        + ", sum FROM counts LIMIT 0").close();
                s.executeQuery("SELECT tier, slot, millis FROM observed LIMIT 0").close();
            }
            return new CounterHistory(c, clock, where);
        } catch (SQLException | java.io.IOException e) {
            throw FaultProxyException.badRequest("cannot open the counter history " + where + ": " + e.getMessage()
                    + "; pass another --history-file (or none, to keep the history in memory)");
        }
    }

    String where() {
        return where;
    }

    /** Adds the increase of every counter since the previous sample to the current buckets, then applies retention. */
    void sample(Map<String, ProxyMetrics> metrics) {
        lock.lock();
        try {
            Instant now = clock.instant();
            Map<Series, Counts> current = cumulative(metrics);
            Map<Series, Counts> delta = delta(current);
            long observed = Math.max(0, Duration.between(lastSample, now).toMillis());
            db.setAutoCommit(false);
            try {
                for (int tier = 0; tier < 2; tier++) {
                    long slot = slot(now, tier);
                    upsertObserved(tier, slot, observed);
                    for (Map.Entry<Series, Counts> e : delta.entrySet()) upsert(tier, slot, e.getKey(), e.getValue());
                }
                try (PreparedStatement d = db.prepareStatement("DELETE FROM counts WHERE tier = ? AND slot < ?");
                     PreparedStatement o = db.prepareStatement("DELETE FROM observed WHERE tier = ? AND slot < ?")) {
                    for (int tier = 0; tier < 2; tier++) {
                        long oldest = now.minus(tier == 0 ? FINE_KEEP : COARSE_KEEP).getEpochSecond();
                        d.setInt(1, tier);
                        d.setLong(2, oldest);
                        d.executeUpdate();
                        o.setInt(1, tier);
                        o.setLong(2, oldest);
                        o.executeUpdate();
                    }
                }
                db.commit();
            } catch (SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
            last = current;
            lastSample = now;
        } catch (SQLException e) {
            throw new IllegalStateException("counter history " + where + ": sample not stored: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Every series' counts over the trailing {@code window} (at most {@link #COARSE_KEEP}), up to now. */
    Window query(Optional<String> proxy, Duration window, Map<String, ProxyMetrics> metrics) {
        lock.lock();
        try {
            Instant now = clock.instant();
            Duration w = window.compareTo(COARSE_KEEP) > 0 ? COARSE_KEEP : window;
            int tier = w.compareTo(FINE_KEEP) <= 0 ? 0 : 1;
            long res = (tier == 0 ? FINE : COARSE).getSeconds();
            long start = now.minus(w).getEpochSecond();
            long firstSlot = Math.floorDiv(start + res - 1, res) * res;
            Map<Series, Counts> out = new HashMap<>();
            StringBuilder sql = new StringBuilder("SELECT " + KEY + ", SUM(connections)");
            for (int i = 0; i < STATUS.length; i++) sql.append(", SUM(s").append(i).append(')');
            for (int i = 0; i < BUCKETS; i++) sql.append(", SUM(b").append(i).append(')');
            sql.append(", SUM(sum) FROM counts WHERE tier = ? AND slot >= ?").append(proxy.isPresent() ? " AND proxy = ?" : "")
                    .append(" GROUP BY ").append(KEY);
            try (PreparedStatement q = db.prepareStatement(sql.toString())) {
                q.setInt(1, tier);
                q.setLong(2, firstSlot);
                if (proxy.isPresent()) q.setString(3, proxy.get());
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        Series s = new Series(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5));
                        Counts c = new Counts();
                        int col = 6;
                        c.connections = r.getLong(col++);
                        for (int i = 0; i < STATUS.length; i++) c.status[i] = r.getLong(col++);
                        for (int i = 0; i < BUCKETS; i++) c.buckets[i] = r.getLong(col++);
                        c.sumSeconds = r.getDouble(col);
                        out.put(s, c);
                    }
                }
            }
            long observedMillis;
            try (PreparedStatement q = db.prepareStatement("SELECT COALESCE(SUM(millis), 0) FROM observed WHERE tier = ? AND slot >= ?")) {
                q.setInt(1, tier);
                q.setLong(2, firstSlot);
                try (ResultSet r = q.executeQuery()) {
                    observedMillis = r.next() ? r.getLong(1) : 0;
                }
            }
            delta(cumulative(metrics)).forEach((s, c) -> {
                if (proxy.isEmpty() || proxy.get().equals(s.proxy())) out.computeIfAbsent(s, k -> new Counts()).add(c, 1);
            });
            observedMillis += Math.max(0, Duration.between(lastSample, now).toMillis());
            Duration covered = Duration.ofMillis(Math.min(observedMillis, w.toMillis()));
            return new Window(now.minus(w), now, covered, Duration.ofSeconds(res), out);
        } catch (SQLException e) {
            throw new IllegalStateException("counter history " + where + ": query failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            db.close();
        } catch (SQLException e) {
            // closing: nothing left to save
        } finally {
            lock.unlock();
        }
    }

    private static long slot(Instant at, int tier) {
        long res = (tier == 0 ? FINE : COARSE).getSeconds();
        return Math.floorDiv(at.getEpochSecond(), res) * res;
    }

    /** Increase since the last sample; a counter that went down (a new proxy process) counts from zero. */
    private Map<Series, Counts> delta(Map<Series, Counts> current) {
        Map<Series, Counts> out = new HashMap<>();
        current.forEach((s, c) -> {
            Counts d = new Counts();
            d.add(c, 1);
            Counts before = last.get(s);
            if (before != null) {
                d.add(before, -1);
                if (d.connections < 0 || d.requests() < 0 || java.util.Arrays.stream(d.status).anyMatch(x -> x < 0)) {
                    d = new Counts();
                    d.add(c, 1);
                }
            }
            if (!d.isZero()) out.put(s, d);
        });
        return out;
    }

    /** The live cumulative counters of every proxy as series (series past {@link #MAX_SERIES} fold into {@link #OTHER}). */
    static Map<Series, Counts> cumulative(Map<String, ProxyMetrics> metrics) {
        Map<Series, Counts> out = new HashMap<>();
        metrics.forEach((proxy, m) -> {
            m.requests.forEach((k, v) -> {
                int i = java.util.Arrays.asList(STATUS).indexOf(k.statusClass());
                counts(out, new Series(proxy, k.callee(), k.caller(), k.route(), k.cohort())).status[i < 0 ? 5 : i] += v.sum();
            });
            m.latency.forEach((k, h) -> {
                Counts c = counts(out, new Series(proxy, k.callee(), k.caller(), k.route(), k.cohort()));
                long inBuckets = 0;
                for (int i = 0; i < h.counts.length; i++) {
                    long n = h.counts[i].sum();
                    c.buckets[i] += n;
                    inBuckets += n;
                }
                c.buckets[BUCKETS - 1] += Math.max(0, h.count.sum() - inBuckets);
                c.sumSeconds += h.sum.sum();
            });
            m.callerConnections.forEach((k, v) -> counts(out, new Series(proxy, k.callee(), k.caller(), "", "")).connections += v.sum());
        });
        return out;
    }

    private static Counts counts(Map<Series, Counts> out, Series s) {
        Counts c = out.get(s);
        if (c != null) return c;
        if (out.size() >= MAX_SERIES) return out.computeIfAbsent(new Series(s.proxy(), s.callee(), s.caller(), OTHER, s.cohort()), k -> new Counts());
        return out.computeIfAbsent(s, k -> new Counts());
    }

    private void upsertObserved(int tier, long slot, long millis) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO observed (tier, slot, millis) VALUES (?, ?, ?)"
                + " ON CONFLICT (tier, slot) DO UPDATE SET millis = millis + excluded.millis")) {
            p.setInt(1, tier);
            p.setLong(2, slot);
            p.setLong(3, millis);
            p.executeUpdate();
        }
    }

    private void upsert(int tier, long slot, Series s, Counts c) throws SQLException {
        List<String> cols = new ArrayList<>(List.of("connections"));
        for (int i = 0; i < STATUS.length; i++) cols.add("s" + i);
        for (int i = 0; i < BUCKETS; i++) cols.add("b" + i);
        cols.add("sum");
        String names = String.join(", ", cols);
        String marks = "?, ".repeat(cols.size() + 7);
        StringBuilder update = new StringBuilder();
        for (String col : cols) update.append(update.isEmpty() ? "" : ", ").append(col).append(" = ").append(col).append(" + excluded.").append(col);
        try (PreparedStatement p = db.prepareStatement("INSERT INTO counts (tier, slot, " + KEY + ", " + names + ") VALUES ("
                + marks.substring(0, marks.length() - 2) + ") ON CONFLICT (tier, slot, " + KEY + ") DO UPDATE SET " + update)) {
            int i = 1;
            p.setInt(i++, tier);
            p.setLong(i++, slot);
            p.setString(i++, s.proxy());
            p.setString(i++, s.callee());
            p.setString(i++, s.caller());
            p.setString(i++, s.route());
            p.setString(i++, s.cohort());
            p.setLong(i++, c.connections);
            for (long v : c.status) p.setLong(i++, v);
            for (long v : c.buckets) p.setLong(i++, v);
            p.setDouble(i, c.sumSeconds);
            p.executeUpdate();
        }
    }
}
