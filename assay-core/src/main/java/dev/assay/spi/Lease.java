package dev.assay.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A fault's time to live: if nobody renews it by {@code expiresAt}, the fault removes itself. */
public record Lease(String id, Instant expiresAt) {
    public Lease {
        requireNonNull(id, "id");
        requireNonNull(expiresAt, "expiresAt");
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
