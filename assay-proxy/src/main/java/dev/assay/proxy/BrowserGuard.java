package dev.assay.proxy;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps web pages from driving the admin API through the user's browser while Toxiproxy clients (which send
 * neither {@code Origin} nor form content types) keep working:
 * <ul>
 *   <li>an {@code Origin} header that is not the API's own ({@code http://} + the request's {@code Host}) is a 403;</li>
 *   <li>on a loopback API, a {@code Host} that is not a loopback name or address is a 403 (DNS rebinding);</li>
 *   <li>a write ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) whose {@code Content-Type} is not JSON
 *       is a 415: {@code text/plain}, form and multipart bodies are what a page can send without a preflight.
 *       One exception keeps Toxiproxy clients working: {@code application/x-www-form-urlencoded} from a caller
 *       that is not a browser (no {@code Origin}, no {@code Sec-Fetch-*}; browsers send {@code Origin} on every
 *       write) is accepted, because toxiproxy-java (HttpURLConnection) and {@code curl -d} label their JSON so.</li>
 * </ul>
 * Public so {@code assay serve}'s API applies the same rule (see SAFETY.md).
 */
public final class BrowserGuard {
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final boolean loopbackApi;

    BrowserGuard(boolean loopbackApi) {
        this.loopbackApi = loopbackApi;
    }

    /** {@code loopbackApi}: the API listens on a loopback address, so a non-loopback Host is refused. */
    public static BrowserGuard forApi(boolean loopbackApi) {
        return new BrowserGuard(loopbackApi);
    }

    /** A refusal ({@code status}, message) or empty when the request may proceed. */
    public Optional<FaultProxyException> check(String method, Optional<String> host, Optional<String> origin, Optional<String> contentType,
                                        boolean secFetch) {
        if (loopbackApi && host.isPresent() && !loopbackHost(host.get())) {
            return Optional.of(new FaultProxyException(403, "Host '" + host.get() + "' is not this loopback API's address; call it as"
                    + " 127.0.0.1, localhost or [::1] (requests through other names are refused against DNS rebinding)"));
        }
        if (origin.isPresent()) {
            String own = host.map(h -> "http://" + h.toLowerCase(Locale.ROOT)).orElse("");
            if (!origin.get().toLowerCase(Locale.ROOT).equals(own)) {
                return Optional.of(new FaultProxyException(403, "Origin '" + origin.get() + "' is not this API's own origin ("
                        + (own.isEmpty() ? "none without a Host header" : own) + "); web pages may not drive the fault proxy."
                        + " Call the API from a program or the CLI, not from a browser page"));
            }
        }
        boolean browser = origin.isPresent() || secFetch;
        if (WRITES.contains(method) && contentType.isPresent() && !json(contentType.get()) && (browser || !form(contentType.get()))) {
            return Optional.of(new FaultProxyException(415, "Content-Type '" + contentType.get() + "' is not accepted on " + method
                    + "; send JSON with 'Content-Type: application/json' (curl: -H 'Content-Type: application/json')"));
        }
        return Optional.empty();
    }

    private static boolean form(String contentType) {
        return contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    private static boolean json(String contentType) {
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }

    /** localhost, 127.0.0.0/8 or [::1], with or without a port. */
    public static boolean loopbackHost(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 && h.substring(1, end).equals("::1") && portOnly(h.substring(end + 1));
        }
        int colon = h.lastIndexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        if (colon >= 0 && !portOnly(h.substring(colon))) return false;
        if (name.equals("localhost") || name.endsWith(".localhost")) return true;
        return name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static boolean portOnly(String rest) {
        return rest.isEmpty() || rest.matches(":\\d{1,5}");
    }
}
