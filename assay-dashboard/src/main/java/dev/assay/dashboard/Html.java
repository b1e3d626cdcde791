package dev.assay.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The dashboard's page frame (title, navigation, stylesheet, scripts) and escaping. */
final class Html {
    /** The views in navigation order: path and label. */
    static final List<String[]> VIEWS = List.of(new String[] {"graph", "Graph"}, new String[] {"plan", "Plan"}, new String[] {"live", "Live run"},
            new String[] {"history", "History"}, new String[] {"findings", "Findings"}, new String[] {"budgets", "Budgets & scores"});
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Html() {
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    static String num(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }

    /**
     * A whole page: {@code view} is highlighted in the navigation, {@code base} (the mount prefix) is on the body for the
     * scripts, {@code head} adds stylesheets and {@code scripts} script paths (relative to the mount prefix).
     */
    static String page(String base, String system, String view, String title, String body, List<String> styles, List<String> scripts) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" · ").append(esc(system)).append(" · Assay</title>\n")
                .append("<link rel=\"stylesheet\" href=\"").append(base).append("/assets/dashboard.css\">\n");
        styles.forEach(s -> b.append("<link rel=\"stylesheet\" href=\"").append(base).append(s).append("\">\n"));
        b.append("</head>\n<body data-base=\"").append(esc(base)).append("\" data-view=\"").append(view).append("\">\n<header><span class=\"brand\">Assay</span>")
                .append("<span class=\"system\">").append(esc(system)).append("</span><nav>");
        for (String[] v : VIEWS) {
            b.append("<a href=\"").append(base).append('/').append(v[0]).append("\" id=\"nav-").append(v[0]).append('"')
                    .append(v[0].equals(view) ? " class=\"current\"" : "").append('>').append(v[1]).append("</a>");
        }
        b.append("</nav></header>\n<main>\n<h1>").append(esc(title)).append("</h1>\n").append(body).append("</main>\n");
        scripts.forEach(s -> b.append("<script src=\"").append(base).append(s).append("\"></script>\n"));
        return b.append("</body></html>\n").toString();
    }
}
