package dev.assay.demo;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where callers reach each service: the service's own port, or a fault proxy in front of it. Changeable at
 * run time, so proxies can be put in front of a running shop.
 */
final class Directory {
    private final Map<String, InetSocketAddress> addresses = new ConcurrentHashMap<>();

    void set(String service, InetSocketAddress address) {
        addresses.put(service, address);
    }

    URI base(String service) {
        InetSocketAddress a = addresses.get(service);
        if (a == null) throw new CallFailedException(service, "no address known for service " + service);
        return URI.create("http://" + a.getHostString() + ":" + a.getPort());
    }

    Map<String, InetSocketAddress> snapshot() {
        return Map.copyOf(addresses);
    }
}
