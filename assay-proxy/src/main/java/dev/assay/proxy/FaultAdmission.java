package dev.assay.proxy;

import java.time.Duration;

/**
 * What a fault must satisfy before the proxy takes it: a toxic of the proxy's mode (HTTP toxics on HTTP-mode
 * proxies, network toxics on TCP ones), and a lifetime no longer than {@code --max-ttl}, so a fault never outlives
 * its owner by more than that. Violations are 400s that say what to send instead.
 */
final class FaultAdmission {
    private FaultAdmission() {
    }

    static void checkMode(ListeningProxy p, ToxicSpec toxic) {
        boolean http = ToxicKind.of(toxic.type()).http;
        boolean httpProxy = p.spec().mode() == ProxySpec.Mode.HTTP;
        if (http && !httpProxy) {
            throw FaultProxyException.badRequest("toxic type " + toxic.type() + " needs an HTTP-mode proxy; proxy " + p.name()
                    + " is TCP (create it with \"mode\": \"http\")");
        }
        if (!http && httpProxy) {
            throw FaultProxyException.badRequest("proxy " + p.name() + " is in HTTP mode; it takes HTTP toxics (http_error, http_delay, http_abort,"
                    + " http_rate_limit, http_overloaded, slow_stream, stream_cut, malformed_body), not " + toxic.type() + " (use a TCP proxy for network toxics)");
        }
    }

    /** Caps lease and toxic lifetimes at {@code maxTtl}. */
    static void checkTtl(Duration ttl, Duration maxTtl, String what) {
        if (ttl.compareTo(maxTtl) > 0) {
            throw FaultProxyException.badRequest(what + " " + seconds(ttl) + "s is longer than this proxy allows (--max-ttl "
                    + seconds(maxTtl) + "s); ask for a shorter ttl and renew the lease while the fault is needed");
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }
}
