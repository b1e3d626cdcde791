package dev.assay.telemetry;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A flow observed at a trace root: the entry service, the route of the root span ({@code http.route} or its
 * name), how many traces took it, and every service they touched (sorted, without the entry).
 */
public record JourneyStats(String entry, String route, long traces, long errors, List<String> uses) {
    public JourneyStats {
        requireNonNull(entry, "entry");
        requireNonNull(route, "route");
        uses = List.copyOf(uses);
    }
}
