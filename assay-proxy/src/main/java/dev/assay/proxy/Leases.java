package dev.assay.proxy;

import dev.assay.spi.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The leases toxics hang on. Time comes from the injected clock, so expiry is testable without sleeping. */
final class Leases {
    private record Held(Lease lease, Duration ttl) {
    }

    private final Clock clock;
    private final Map<String, Held> leases = new ConcurrentHashMap<>();

    Leases(Clock clock) {
        this.clock = clock;
    }

    Lease create(Duration ttl) {
        requirePositive(ttl);
        Lease lease = new Lease(UUID.randomUUID().toString(), clock.instant().plus(ttl));
        leases.put(lease.id(), new Held(lease, ttl));
        return lease;
    }

    /** Extends a live lease by its TTL (or a new one); an expired or unknown lease cannot come back. */
    Lease renew(String id, Optional<Duration> ttl) {
        ttl.ifPresent(Leases::requirePositive);
        Held held = leases.get(id);
        Instant now = clock.instant();
        if (held == null || held.lease().expired(now)) {
            throw FaultProxyException.notFound("lease " + id + " not found or already expired; its faults are gone. Create a new lease");
        }
        Duration d = ttl.orElse(held.ttl());
        Lease renewed = new Lease(id, now.plus(d));
        leases.put(id, new Held(renewed, d));
        return renewed;
    }

    /** Forgets a lease its owner is done with; unknown (or already expired) is a 404. */
    void release(String id) {
        if (leases.remove(id) == null) {
            throw FaultProxyException.notFound("lease " + id + " not found or already expired; nothing to release");
        }
    }

    /** A lease toxics may be attached to now. */
    Lease live(String id) {
        Held held = leases.get(id);
        if (held == null || held.lease().expired(clock.instant())) {
            throw FaultProxyException.notFound("lease " + id + " not found or expired; create one with POST /leases");
        }
        return held.lease();
    }

    boolean isLive(String id) {
        Held held = leases.get(id);
        return held != null && !held.lease().expired(clock.instant());
    }

    /** Forgets and returns the leases that expired by now. */
    List<Lease> expire() {
        Instant now = clock.instant();
        List<Lease> gone = new ArrayList<>();
        leases.values().removeIf(h -> {
            if (h.lease().expired(now)) {
                gone.add(h.lease());
                return true;
            }
            return false;
        });
        return gone;
    }

    private static void requirePositive(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) throw FaultProxyException.badRequest("lease ttl must be a positive number of seconds (got " + ttl + ")");
    }
}
