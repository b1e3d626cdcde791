package dev.assay.proxy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token buckets of one proxy's {@code http_rate_limit} toxics that have a {@code quota}: {@code quota}
 * requests per {@code window_ms}, refilled continuously, shared by all its client connections. A changed toxic
 * starts with a full bucket.
 */
final class Quotas {
    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last;

        Bucket(double capacity, long windowMs, long now) {
            this.capacity = capacity;
            this.perNano = capacity / (windowMs * 1_000_000.0);
            this.tokens = capacity;
            this.last = now;
        }

        synchronized boolean take(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
            if (tokens < 1) return false;
            tokens -= 1;
            return true;
        }
    }

    private final Map<ToxicSpec, Bucket> buckets = new ConcurrentHashMap<>();

    /** True when the request may pass (a token was left), false when it must be rate limited. */
    boolean admit(ToxicSpec spec, long nowNanos) {
        long window = spec.attributes().containsKey("window_ms") ? spec.longAttribute("window_ms") : StreamingAttributes.DEFAULT_WINDOW_MS;
        return buckets.computeIfAbsent(spec, s -> new Bucket(s.longAttribute("quota"), window, nowNanos)).take(nowNanos);
    }

    /** Forgets the buckets of toxics no longer installed. */
    void retain(List<ActiveToxic> toxics) {
        buckets.keySet().retainAll(toxics.stream().map(ActiveToxic::spec).toList());
    }
}
