package dev.assay.proxy;

import static java.util.Objects.requireNonNull;

/**
 * A named listen-to-upstream proxy, as Toxiproxy describes one ({@code name}, {@code listen}, {@code upstream},
 * {@code enabled}) plus Assay's {@code mode}: {@link Mode#TCP} relays bytes, {@link Mode#HTTP} understands
 * HTTP/1.1 requests so HTTP toxics and cohorts apply. {@code limits} are its own idle timeouts and connection
 * cap ({@link ConnectionLimits#INHERIT} for the proxy-wide ones).
 */
public record ProxySpec(String name, String listen, String upstream, boolean enabled, Mode mode, ConnectionLimits limits,
                        HttpReuse httpReuse) {
    public enum Mode { TCP, HTTP }

    /**
     * Whether an HTTP-mode proxy sends a request over an idle upstream connection another client connection opened
     * (HAProxy's {@code http-reuse}): {@code never} (each client connection has its own), {@code safe} (the first
     * request of a client connection gets a connection of its own, later ones may reuse; the default) or
     * {@code always} (any request may reuse).
     */
    public enum HttpReuse {
        NEVER, SAFE, ALWAYS;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static HttpReuse parse(String text) {
            for (HttpReuse r : values()) if (r.wire().equals(text)) return r;
            throw FaultProxyException.badRequest("http_reuse must be never, safe or always (got '" + text + "')");
        }
    }

    public ProxySpec {
        requireNonNull(name, "name");
        requireNonNull(listen, "listen");
        requireNonNull(upstream, "upstream");
        requireNonNull(mode, "mode");
        requireNonNull(limits, "limits");
        requireNonNull(httpReuse, "httpReuse");
        if (name.isBlank()) throw FaultProxyException.badRequest("missing required field: name");
        if (!name.matches("[A-Za-z0-9_.\\-]+")) {
            throw FaultProxyException.badRequest("proxy name '" + name + "' may only contain letters, digits, '_', '.' and '-'");
        }
        if (upstream.isBlank()) throw FaultProxyException.badRequest("missing required field: upstream");
        Addresses.parse(upstream, "upstream");
        Addresses.parse(listen, "listen");
    }

    /** A proxy that reuses upstream connections the {@link HttpReuse#SAFE safe} way. */
    public ProxySpec(String name, String listen, String upstream, boolean enabled, Mode mode, ConnectionLimits limits) {
        this(name, listen, upstream, enabled, mode, limits, HttpReuse.SAFE);
    }

    /** A proxy that inherits the proxy-wide {@link ConnectionLimits}. */
    public ProxySpec(String name, String listen, String upstream, boolean enabled, Mode mode) {
        this(name, listen, upstream, enabled, mode, ConnectionLimits.INHERIT);
    }

    /** A TCP proxy, enabled, as {@code toxiproxy-cli create} makes one. */
    public static ProxySpec tcp(String name, String listen, String upstream) {
        return new ProxySpec(name, listen, upstream, true, Mode.TCP);
    }

    public ProxySpec withListen(String newListen) {
        return new ProxySpec(name, newListen, upstream, enabled, mode, limits, httpReuse);
    }

    public ProxySpec withHttpReuse(HttpReuse r) {
        return new ProxySpec(name, listen, upstream, enabled, mode, limits, r);
    }

    public ProxySpec withLimits(ConnectionLimits l) {
        return new ProxySpec(name, listen, upstream, enabled, mode, l, httpReuse);
    }

    public ProxySpec withEnabled(boolean on) {
        return new ProxySpec(name, listen, upstream, on, mode, limits, httpReuse);
    }
}
