package dev.assay.dashboard;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the beliefs say about one edge ({@code from} calls {@code to}): its {@link Standing}, one line per tested fault
 * class ({@code latency (latency delayMs=400): fragile, P = 0.93}), and the ids of the incidents (postmortems) that taught
 * any of those findings ({@code incidents}; empty when only experiments did). The inferred mechanism is not here: it is
 * {@link DashboardModel#inferredMechanism}.
 */
public record EdgeBelief(String from, String to, boolean sync, Standing standing, List<String> tested, List<String> incidents) {
    /** FRAGILE: a tested fault degrades the caller (P ≥ 0.8); TOLERANT: every tested fault is survived (P ≥ 0.8); otherwise UNCERTAIN. */
    public enum Standing { FRAGILE, TOLERANT, UNCERTAIN }

    public EdgeBelief {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(standing, "standing");
        tested = List.copyOf(tested);
        incidents = List.copyOf(incidents);
    }

    /** {@code from->to}, as edges are keyed everywhere. */
    public String key() {
        return from + "->" + to;
    }
}
