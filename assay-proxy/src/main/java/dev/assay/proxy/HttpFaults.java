package dev.assay.proxy;

import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides, per HTTP request, which HTTP toxics act on it and so its cohort. A toxic matches on method, path
 * prefix and header (all optional); a matching request is faulted with probability
 * {@code toxicity × percent / 100}, otherwise it is a control. An {@code http_rate_limit} with a {@code quota}
 * fires instead when its token bucket ({@link Quotas}) is empty.
 */
final class HttpFaults {
    /** What happens to one request: the toxics that fired, in order. Empty means control. */
    record Decision(List<ActiveToxic> fired) {
        /** No toxic fired: the request is a control (shared: per-request work without allocation). */
        static final Decision CONTROL = new Decision(List.of());

        Decision {
            fired = List.copyOf(fired);
        }

        Cohort cohort() {
            return fired.isEmpty() ? Cohort.CONTROL : Cohort.FAULTED;
        }

        long delayMillis() {
            long sum = 0;
            for (ActiveToxic t : fired) if (t.kind() == ToxicKind.HTTP_DELAY) sum += t.spec().longAttribute("delay");
            return sum;
        }

        java.util.Optional<ActiveToxic> first(ToxicKind kind) {
            for (ActiveToxic t : fired) if (t.kind() == kind) return java.util.Optional.of(t);
            return java.util.Optional.empty();
        }
    }

    private HttpFaults() {
    }

    static Decision decide(List<ActiveToxic> toxics, HttpRequest request, Quotas quotas) {
        if (toxics.isEmpty()) return Decision.CONTROL;
        List<ActiveToxic> fired = new ArrayList<>();
        for (ActiveToxic t : toxics) {
            if (!t.kind().http || !matches(t.spec(), request)) continue;
            if (t.kind() == ToxicKind.HTTP_RATE_LIMIT && t.spec().attributes().containsKey("quota")) {
                if (!quotas.admit(t.spec(), System.nanoTime())) fired.add(t);
                continue;
            }
            Object p = t.spec().attributes().get("percent");
            double percent = p instanceof Number n ? n.doubleValue() : 100.0;
            if (ThreadLocalRandom.current().nextDouble() < t.spec().toxicity() * percent / 100.0) fired.add(t);
        }
        return fired.isEmpty() ? Decision.CONTROL : new Decision(fired);
    }

    static boolean matches(ToxicSpec spec, HttpRequest request) {
        String method = spec.stringAttribute("method");
        if (!method.isEmpty() && !method.equalsIgnoreCase(request.method().name())) return false;
        String prefix = spec.stringAttribute("path_prefix");
        if (!prefix.isEmpty() && !request.uri().startsWith(prefix)) return false;
        String header = spec.stringAttribute("header");
        if (!header.isEmpty()) {
            int colon = header.indexOf(':');
            if (colon < 0) return request.headers().contains(header.trim());
            String value = request.headers().get(header.substring(0, colon).trim());
            return value != null && value.equals(header.substring(colon + 1).trim());
        }
        return true;
    }

    /** The route label of a request: its first path segment ({@code /checkout/42?x=1} is {@code /checkout}). */
    static String route(String uri) {
        if (!uri.startsWith("/")) return "/";
        int query = uri.indexOf('?');
        int end = query < 0 ? uri.length() : query;
        int next = uri.indexOf('/', 1);
        if (next < 0 || next > end) next = end;
        return next == uri.length() ? uri : uri.substring(0, next);
    }
}
