package dev.assay.proxy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** A toxic installed on a proxy: its spec, its kind, and when its own TTL ends (if it has one). */
record ActiveToxic(ToxicSpec spec, ToxicKind kind, Optional<Instant> expiresAt) {
    ActiveToxic {
        requireNonNull(spec, "spec");
        requireNonNull(kind, "kind");
        requireNonNull(expiresAt, "expiresAt");
    }

    static ActiveToxic of(ToxicSpec spec, Instant now) {
        return new ActiveToxic(spec, ToxicKind.of(spec.type()), spec.ttl().map(now::plus));
    }
}
