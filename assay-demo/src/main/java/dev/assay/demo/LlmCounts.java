package dev.assay.demo;

/**
 * Counters of the edge assistant → llm at one moment, or their change over a window ({@link #minus}): the
 * assistant's questions ({@code /assistant} requests it answered, failed (5xx), refused because its pool of LLM
 * streams was full, answered with the canned answer, 429s it received), the calls that reached the LLM's API (the
 * fault proxy's HTTP request counter in front of {@code llm}: what the LLM provider sees, rate-limited calls
 * included), and the {@code /assistant} latency histogram (cumulative counts per {@link Metrics#BUCKETS_SECONDS} bound).
 */
record LlmCounts(long atMillis, double questions, double failed, double refused, double fallbacks, double rateLimited, double llmCalls,
                 double[] latencyBuckets) {
    LlmCounts {
        latencyBuckets = latencyBuckets.clone();
    }

    /** From the assistant's and the proxy's Prometheus text. */
    static LlmCounts parse(String assistantMetrics, String proxyMetrics, long atMillis) {
        double questions = 0;
        double failed = 0;
        double refused = 0;
        double fallbacks = 0;
        double rateLimited = 0;
        double[] buckets = new double[Metrics.BUCKETS_SECONDS.length];
        String route = "route=\"" + LlmEdgeMeter.ASSISTANT_ROUTE + "\"";
        for (String line : assistantMetrics.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) continue;
            double v = value(line);
            if (line.startsWith("assay_demo_requests_total{") && line.contains(route)) questions += v;
            else if (line.startsWith("assay_demo_errors_total{") && line.contains(route)) failed += v;
            else if (line.startsWith("assay_demo_events_total{")) {
                if (line.contains("event=\"assistant_busy\"")) refused += v;
                else if (line.contains("event=\"fallback_assistant\"")) fallbacks += v;
                else if (line.contains("event=\"llm_rate_limited\"")) rateLimited += v;
            } else if (line.startsWith("assay_demo_request_duration_seconds_bucket{") && line.contains(route)) {
                int at = line.indexOf("le=\"");
                String le = line.substring(at + 4, line.indexOf('"', at + 4));
                if (le.equals("+Inf")) continue;
                int i = java.util.Arrays.binarySearch(Metrics.BUCKETS_SECONDS, Double.parseDouble(le));
                if (i >= 0) buckets[i] += v;
            }
        }
        double calls = 0;
        for (String line : proxyMetrics.split("\n")) {
            if (line.startsWith("assay_proxy_http_requests_total{") && line.contains("proxy=\"llm\"")) calls += value(line);
        }
        return new LlmCounts(atMillis, questions, failed, refused, fallbacks, rateLimited, calls, buckets);
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** The change from {@code earlier} to this. */
    LlmCounts minus(LlmCounts earlier) {
        double[] b = new double[latencyBuckets.length];
        for (int i = 0; i < b.length; i++) b[i] = latencyBuckets[i] - earlier.latencyBuckets[i];
        return new LlmCounts(atMillis - earlier.atMillis, questions - earlier.questions, failed - earlier.failed, refused - earlier.refused,
                fallbacks - earlier.fallbacks, rateLimited - earlier.rateLimited, llmCalls - earlier.llmCalls, b);
    }

    /** Calls that reached the LLM per question the assistant took on (refused questions call nothing); NaN without questions. */
    double callsPerQuestion() {
        double asked = questions - refused;
        return asked > 0 ? llmCalls / asked : Double.NaN;
    }

    /** Share of questions answered with the canned answer. */
    double fallbackShare() {
        return questions > 0 ? fallbacks / questions : 0;
    }

    /** Share of questions that failed (5xx: refused, or rate-limited to the end). */
    double failedShare() {
        return questions > 0 ? failed / questions : 0;
    }

    /** Questions that took longer than {@code millis} (at the histogram's resolution: the largest bound at or below it). */
    double slowerThan(double millis) {
        double atOrBelow = 0;
        for (int i = 0; i < Metrics.BUCKETS_SECONDS.length && Metrics.BUCKETS_SECONDS[i] * 1000 <= millis; i++) atOrBelow = latencyBuckets[i];
        return questions - atOrBelow;
    }
}
