package dev.assay.journal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens a team journal on PostgreSQL from {@code postgresql://user:password@host:port/database} (port 5432 when
 * left out; query parameters such as {@code ?sslmode=require} are passed to the driver). Same tables, queries
 * and migrations as the SQLite journal; every commit is durable on the server before the call returns.
 */
final class PostgresJournal {
    private PostgresJournal() {
    }

    static boolean isUrl(String location) {
        return location.startsWith("postgresql://") || location.startsWith("postgres://");
    }

    static Journal open(String url) {
        Target t = parse(url);
        Properties props = new Properties();
        t.user().ifPresent(u -> props.setProperty("user", u));
        t.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "60");
        props.setProperty("ApplicationName", "assay");
        try {
            Connection c = DriverManager.getConnection(t.jdbcUrl(), props);
            try {
                return JdbcJournal.on(c, Dialect.POSTGRESQL, t.describe());
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new JournalException("cannot open the PostgreSQL journal " + t.describe() + ": " + e.getMessage()
                    + "; check the server is running and reachable, and the user, password and database in --journal "
                    + "postgresql://user:password@host:port/database", e);
        }
    }

    /** Where to connect; {@link #describe()} leaves the password out of every message. */
    record Target(String host, int port, String database, java.util.Optional<String> user, java.util.Optional<String> password,
                  String query) {
        String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database + (query.isEmpty() ? "" : "?" + query);
        }

        String describe() {
            return "postgresql://" + user.map(u -> u + "@").orElse("") + host + ":" + port + "/" + database;
        }
    }

    static Target parse(String url) {
        URI uri;
        try {
            uri = new URI(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
        } catch (URISyntaxException e) {
            throw bad(url, e.getReason());
        }
        if (uri.getHost() == null) throw bad(url, "no host");
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (path.isEmpty() || path.contains("/")) throw bad(url, "no database (the path after host:port)");
        java.util.Optional<String> user = java.util.Optional.empty();
        java.util.Optional<String> password = java.util.Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = java.util.Optional.of(decode(parts[0]));
            if (parts.length == 2) password = java.util.Optional.of(decode(parts[1]));
        }
        return new Target(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), decode(path), user, password,
                uri.getRawQuery() == null ? "" : uri.getRawQuery());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static JournalException bad(String url, String why) {
        String shown = url.replaceFirst("(//[^:/@]*):[^@]*@", "$1:***@");
        return new JournalException("--journal " + shown + " is not a PostgreSQL URL (" + why
                + "); write postgresql://user:password@host:port/database");
    }
}
