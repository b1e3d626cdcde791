package dev.assay.format;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks the telemetry and injector URLs users write, so that a malformed one ({@code http://127.0.0.1:-0},
 * {@code http://[]}, a host in emoji) is a positioned problem when the file is read, not a crash when the
 * first request is built. What passes here is accepted by {@link java.net.http.HttpRequest}.
 */
public final class Urls {
    private Urls() {
    }

    /** Empty when {@code text} is a usable http(s) URL; otherwise what is wrong with it and what to write. */
    public static Optional<String> problem(String text) {
        String example = " (e.g. http://127.0.0.1:9090)";
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            return Optional.of("'" + text + "' is not a URL: " + e.getReason() + " at index " + e.getIndex() + "; expected http://HOST:PORT" + example);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("expected an http:// or https:// URL" + example + ", got '" + text + "'");
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        int colon = authority.lastIndexOf(':');
        boolean badPort = colon >= 0 && !authority.endsWith("]") && !authority.substring(colon + 1).matches("\\d*");
        if (badPort || uri.getPort() > 65535) {
            return Optional.of("'" + text + "' has an invalid port; write a port between 1 and 65535" + example);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            boolean ascii = text.chars().allMatch(c -> c < 128);
            return Optional.of("'" + text + "' has no valid host name; write an IP address or a DNS name (letters, digits, '-', '.')"
                    + (ascii ? "" : " in ASCII (an internationalised name in its punycode form, xn--...)") + example);
        }
        if (uri.getPort() == 0) return Optional.of("'" + text + "' has port 0; write the port the server listens on (1-65535)" + example);
        if (uri.getRawUserInfo() != null) return Optional.of("'" + text + "' carries user:password@; Assay does not send credentials in URLs, remove them");
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("'" + text + "' has a query or fragment; give the server's base URL only" + example);
        }
        return Optional.empty();
    }

    /** The URL as a {@link URI}; throws {@link dev.assay.model.InvalidInputException} when {@link #problem} has one. */
    public static URI parse(String what, String text) {
        problem(text).ifPresent(p -> {
            throw new dev.assay.model.InvalidInputException(what + ": " + p);
        });
        return URI.create(text.strip());
    }
}
