package dev.assay.proxy;

import java.net.InetSocketAddress;

/** host:port parsing with messages that say which field was wrong. */
final class Addresses {
    private Addresses() {
    }

    /** Parses {@code host:port} (also {@code [::1]:port} and {@code :port}); does not resolve. */
    static InetSocketAddress parse(String text, String field) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw FaultProxyException.badRequest(field + " '" + text + "' is not host:port (e.g. 127.0.0.1:6379)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (host.isEmpty()) host = "0.0.0.0";
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw FaultProxyException.badRequest(field + " '" + text + "' has no numeric port (e.g. 127.0.0.1:6379)");
        }
        if (port < 0 || port > 65535) throw FaultProxyException.badRequest(field + " '" + text + "' port is out of range 0-65535");
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** Resolves host names; an unknown host is bad input, not a late surprise on the first connection. */
    static InetSocketAddress resolve(String text, String field) {
        InetSocketAddress raw = parse(text, field);
        InetSocketAddress resolved = new InetSocketAddress(raw.getHostString(), raw.getPort());
        if (resolved.isUnresolved()) {
            throw FaultProxyException.badRequest(field + " host '" + raw.getHostString() + "' does not resolve; check the name or use an IP address");
        }
        return resolved;
    }

    static String format(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        if (host.contains(":")) host = "[" + host + "]";
        return host + ":" + address.getPort();
    }
}
