package dev.assay.proxy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Which upstreams a proxy may forward to. Loopback always; the system's declared services (by host name, any
 * port) and {@code --allow-upstream} patterns widen it: {@code host:port}, {@code host:*} or {@code *} (any
 * host). Link-local addresses (169.254.0.0/16, fe80::/10: cloud metadata services live there) and the
 * other known metadata addresses are refused always, whatever the patterns say, after resolving the name.
 */
final class UpstreamPolicy {
    /** Metadata endpoints outside the link-local ranges (AWS IPv6, Alibaba Cloud). */
    private static final List<String> METADATA = List.of("fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

    private final List<String> patterns;
    private final List<String> services;

    private UpstreamPolicy(List<String> patterns, List<String> services) {
        this.patterns = List.copyOf(patterns);
        this.services = List.copyOf(services);
    }

    static UpstreamPolicy of(Collection<String> patterns, Collection<String> services) {
        for (String p : patterns) {
            if (!p.equals("*") && !p.equals("*:*")) Addresses.parse(p.replace(":*", ":0"), "allowed upstream");
        }
        return new UpstreamPolicy(new ArrayList<>(patterns), new ArrayList<>(services));
    }

    /** Throws a 403 that says how to widen the policy, or why it never can. */
    void check(String upstream) {
        InetSocketAddress a = Addresses.parse(upstream, "upstream");
        String host = a.getHostString();
        List<InetAddress> resolved = resolve(host);
        if (resolved.isEmpty()) return; // resolving it for real fails next, with a 400 that names the host
        for (InetAddress ip : resolved) requireNotForbidden(ip, upstream);
        if (!resolved.isEmpty() && resolved.stream().allMatch(ip -> ip.isLoopbackAddress() || ip.isAnyLocalAddress())) return;
        if (services.stream().anyMatch(s -> s.equalsIgnoreCase(host))) return;
        for (String pattern : patterns) {
            if (pattern.equals("*") || pattern.equals("*:*")) return;
            InetSocketAddress allowed = Addresses.parse(pattern.replace(":*", ":0"), "allowed upstream");
            boolean anyPort = pattern.endsWith(":*");
            boolean portOk = anyPort || allowed.getPort() == a.getPort();
            boolean hostOk = allowed.getHostString().equalsIgnoreCase(host)
                    || (!resolved.isEmpty() && resolve(allowed.getHostString()).stream().anyMatch(resolved::contains));
            if (portOk && hostOk) return;
        }
        String widened = patterns.isEmpty() ? "" : " or " + String.join(", ", patterns);
        throw new FaultProxyException(403, "upstream " + upstream + " is not allowed: this proxy forwards to loopback"
                + (services.isEmpty() ? "" : ", the system's services") + widened + " only; start it with --allow-upstream "
                + upstream + " (or " + host + ":*) to permit it");
    }

    /** The check on the very address connections will go to (no second lookup in between). */
    static void requireNotForbidden(InetAddress ip, String upstream) {
        if (ip != null && forbidden(ip)) {
            throw new FaultProxyException(403, "upstream " + upstream + " is a link-local or cloud metadata address ("
                    + ip.getHostAddress() + "); the proxy never forwards there, whatever --allow-upstream says");
        }
    }

    static boolean forbidden(InetAddress ip) {
        if (ip.isLinkLocalAddress()) return true;
        if (ip instanceof Inet6Address v6 && isMappedLinkLocal(v6)) return true;
        return METADATA.contains(ip.getHostAddress().toLowerCase(Locale.ROOT).replaceAll("%.*$", ""));
    }

    /** {@code ::ffff:169.254.x.y} written as IPv6 (Java maps most forms to IPv4 itself; this catches the rest). */
    private static boolean isMappedLinkLocal(Inet6Address v6) {
        byte[] b = v6.getAddress();
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff && (b[12] & 0xff) == 169 && (b[13] & 0xff) == 254;
    }

    private static List<InetAddress> resolve(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException | SecurityException e) {
            return List.of();
        }
    }
}
