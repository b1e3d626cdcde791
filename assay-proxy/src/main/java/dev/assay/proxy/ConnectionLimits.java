package dev.assay.proxy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How long a proxied connection may sit idle and how many one proxy holds at once. A proxy's own limits
 * ({@link ProxySpec#limits()}) override the proxy-wide ones ({@link FaultProxy.Builder#limits}) field by field;
 * an empty field inherits. Defaults ({@link #DEFAULTS}): 60 s client idle, 60 s upstream idle, 1024 connections.
 *
 * <ul>
 *   <li>{@code clientIdle}: a client connection with no bytes either way for this long is closed (HTTP mode:
 *       only between requests; a request in flight is bounded by {@code upstreamIdle}).</li>
 *   <li>{@code upstreamIdle}: an upstream connection silent for this long is closed; in HTTP mode a request
 *       still waiting for its response then gets a 504.</li>
 *   <li>{@code maxConnections}: client connections one proxy holds at once; more are accepted and closed at
 *       once (each costs two descriptors: client side and upstream side).</li>
 * </ul>
 */
public record ConnectionLimits(Optional<Duration> clientIdle, Optional<Duration> upstreamIdle, OptionalInt maxConnections) {
    /** Longest idle timeout accepted (a day): longer is a typo, not a setting. */
    static final Duration MAX_IDLE = Duration.ofDays(1);
    static final int MAX_CONNECTIONS = 1 << 20;
    public static final ConnectionLimits INHERIT = new ConnectionLimits(Optional.empty(), Optional.empty(), OptionalInt.empty());
    public static final ConnectionLimits DEFAULTS = of(Duration.ofSeconds(60), Duration.ofSeconds(60), 1024);

    public ConnectionLimits {
        requireNonNull(clientIdle, "clientIdle");
        requireNonNull(upstreamIdle, "upstreamIdle");
        requireNonNull(maxConnections, "maxConnections");
        clientIdle.ifPresent(d -> checkIdle(d, "client idle timeout"));
        upstreamIdle.ifPresent(d -> checkIdle(d, "upstream idle timeout"));
        maxConnections.ifPresent(n -> {
            if (n < 1 || n > MAX_CONNECTIONS) {
                throw FaultProxyException.badRequest("max_connections must be 1-" + MAX_CONNECTIONS + " (got " + n + ")");
            }
        });
    }

    public static ConnectionLimits of(Duration clientIdle, Duration upstreamIdle, int maxConnections) {
        return new ConnectionLimits(Optional.of(clientIdle), Optional.of(upstreamIdle), OptionalInt.of(maxConnections));
    }

    /** These limits, with every empty field taken from {@code base}. */
    public ConnectionLimits over(ConnectionLimits base) {
        return new ConnectionLimits(clientIdle.or(base::clientIdle), upstreamIdle.or(base::upstreamIdle),
                maxConnections.isPresent() ? maxConnections : base.maxConnections());
    }

    public ConnectionLimits withClientIdle(Duration d) {
        return new ConnectionLimits(Optional.of(d), upstreamIdle, maxConnections);
    }

    public ConnectionLimits withUpstreamIdle(Duration d) {
        return new ConnectionLimits(clientIdle, Optional.of(d), maxConnections);
    }

    public ConnectionLimits withMaxConnections(int n) {
        return new ConnectionLimits(clientIdle, upstreamIdle, OptionalInt.of(n));
    }

    /** The effective values: call on limits that went through {@link #over} with {@link #DEFAULTS} underneath. */
    Duration clientIdleOrDefault() {
        return clientIdle.orElse(DEFAULTS.clientIdle.orElseThrow());
    }

    Duration upstreamIdleOrDefault() {
        return upstreamIdle.orElse(DEFAULTS.upstreamIdle.orElseThrow());
    }

    int maxConnectionsOrDefault() {
        return maxConnections.orElse(DEFAULTS.maxConnections.getAsInt());
    }

    private static void checkIdle(Duration d, String what) {
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_IDLE) > 0) {
            throw FaultProxyException.badRequest(what + " must be between 1 ms and 24 h (got " + d + ")");
        }
    }
}
