package dev.assay.format;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What {@code assay init} knows about an existing system: its services and where each one listens now, which
 * services each one depends on (when the source says so, e.g. {@code depends_on}), and the journeys to watch.
 * {@link SystemInit} turns it into {@code assay.yaml} and {@code proxies.json}.
 */
public record SystemSetup(String name, List<ServiceAddress> services, List<JourneyEntry> journeys) {
    public SystemSetup {
        requireNonNull(name, "name");
        services = List.copyOf(services);
        journeys = List.copyOf(journeys);
    }

    /** A service and the address it listens on ({@code host:port}), with the services it calls when known. */
    public record ServiceAddress(String name, String host, int port, List<String> dependsOn) {
        public ServiceAddress {
            requireNonNull(name, "name");
            requireNonNull(host, "host");
            dependsOn = List.copyOf(dependsOn);
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }

        public String address() {
            return host + ":" + port;
        }
    }

    /** A journey: its name, the service it enters at, and optionally the request ({@code GET /urls}) that starts it. */
    public record JourneyEntry(String name, String service, Optional<String> route) {
        public JourneyEntry {
            requireNonNull(name, "name");
            requireNonNull(service, "service");
            requireNonNull(route, "route");
        }
    }
}
