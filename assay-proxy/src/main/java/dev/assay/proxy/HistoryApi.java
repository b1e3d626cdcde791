package dev.assay.proxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /history?window=1h[&proxy=name]}: every series' counts over the trailing window from
 * {@link CounterHistory}, with the time actually observed in it ({@code coveredSeconds}). Latency comes as
 * bucket counts (upper bounds in {@code bucketsLe}, the last {@code +Inf}) so a reader can merge series
 * before taking percentiles.
 */
final class HistoryApi {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private HistoryApi() {
    }

    static AdminApi.Response get(Engine engine, String query) {
        Map<String, String> params = params(query);
        String w = params.get("window");
        if (w == null) throw FaultProxyException.badRequest("GET /history needs ?window=DURATION (e.g. window=1h; units ms, s, m, h, d)");
        Duration window = duration(w);
        Optional<String> proxy = Optional.ofNullable(params.get("proxy")).filter(p -> !p.isEmpty());
        CounterHistory.Window result = engine.history(proxy, window);
        ObjectNode out = ApiJson.MAPPER.createObjectNode();
        out.put("window", w).put("from", result.from().toString()).put("to", result.to().toString())
                .put("coveredSeconds", result.covered().toMillis() / 1000.0).put("resolutionSeconds", result.resolution().getSeconds());
        ArrayNode le = out.putArray("bucketsLe");
        for (double b : ProxyMetrics.BUCKETS) le.add(b);
        le.add("+Inf");
        ArrayNode series = out.putArray("series");
        result.series().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<CounterHistory.Series, CounterHistory.Counts> e) -> e.getKey().toString()))
                .forEach(e -> {
                    CounterHistory.Series s = e.getKey();
                    CounterHistory.Counts c = e.getValue();
                    ObjectNode n = series.addObject();
                    n.put("proxy", s.proxy()).put("callee", s.callee()).put("caller", s.caller()).put("route", s.route()).put("cohort", s.cohort());
                    n.put("connections", c.connections).put("requests", c.requests()).put("errors", c.errors());
                    ObjectNode st = n.putObject("statusClasses");
                    for (int i = 0; i < CounterHistory.STATUS.length; i++) if (c.status[i] > 0) st.put(CounterHistory.STATUS[i], c.status[i]);
                    ArrayNode b = n.putArray("buckets");
                    for (long v : c.buckets) b.add(v);
                    n.put("sumSeconds", c.sumSeconds);
                });
        return AdminApi.Response.json(200, out);
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw FaultProxyException.badRequest("window '" + text + "' is not a positive duration such as 90s, 10m, 1h or 30d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static Map<String, String> params(String query) {
        Map<String, String> out = new HashMap<>();
        if (query == null || query.isEmpty()) return out;
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
