package dev.assay.dashboard;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What the beliefs say about one edge ({@code from} calls {@code to}): its {@link Standing}, one line per tested fault
 * class ({@code latency delayMs=400: fragile, P = 0.93}), and the most probable failure mechanism in words when the
 * belief has one ({@link dev.assay.belief.EdgeExplanation#text()}).
 */
public record EdgeBelief(String from, String to, boolean sync, Standing standing, List<String> tested, Optional<String> mechanism) {
    /** FRAGILE: a tested fault degrades the caller (P ≥ 0.8); TOLERANT: every tested fault is survived (P ≥ 0.8); otherwise UNCERTAIN. */
    public enum Standing { FRAGILE, TOLERANT, UNCERTAIN }

    public EdgeBelief {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(standing, "standing");
        tested = List.copyOf(tested);
        requireNonNull(mechanism, "mechanism");
    }

    /** {@code from->to}, as edges are keyed everywhere. */
    public String key() {
        return from + "->" + to;
    }
}
