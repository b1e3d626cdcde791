package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * A service-level indicator by name (as intents and SLOs refer to it) and where its value comes from:
 * a PromQL expression in which {@code $window} stands for the trailing window (e.g.
 * {@code sum(rate(http_errors_total[$window])) / sum(rate(http_requests_total[$window]))}), or the fault
 * proxy's own counters for one proxy (the {@code query} is then the proxy's name). An SLO can only be set on
 * an {@link Kind#ERROR_RATIO} SLI: the share of bad events, from 0 to 1. A proxy SLI with a {@code latency}
 * quantile (0 < q < 1) is that latency percentile in ms of the proxy's histogram instead (always a {@link Kind#VALUE}).
 */
public record SliDefinition(String name, Source source, String query, Kind kind, Optional<Double> latency) {
    public enum Source {
        PROMETHEUS, PROXY;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Kind {
        /** Bad events / all events in the window, 0..1: what error budgets are made of. */
        ERROR_RATIO,
        /** Any other value (a latency percentile in ms, a rate). */
        VALUE;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public SliDefinition {
        requireNonNull(name, "name");
        requireNonNull(source, "source");
        requireNonNull(query, "query");
        requireNonNull(kind, "kind");
        if (name.isBlank()) throw new IllegalArgumentException("SLI name must not be blank");
        if (query.isBlank()) throw new IllegalArgumentException("SLI '" + name + "' needs a query");
        requireNonNull(latency, "latency");
        latency.ifPresent(q -> {
            if (!(q > 0 && q < 1)) throw new IllegalArgumentException("SLI '" + name + "': a latency quantile is between 0 and 1, was " + q);
            if (source != Source.PROXY || kind != Kind.VALUE) {
                throw new IllegalArgumentException("SLI '" + name + "': a latency percentile is a value read from the proxy");
            }
        });
    }

    /** An SLI without a latency quantile: an error ratio, or a value its query computes. */
    public SliDefinition(String name, Source source, String query, Kind kind) {
        this(name, source, query, kind, Optional.empty());
    }

    /** The latency percentile {@code quantile} (e.g. 0.99) in ms of what the proxy {@code proxy} forwarded. */
    public static SliDefinition proxyLatency(String name, String proxy, double quantile) {
        return new SliDefinition(name, Source.PROXY, proxy, Kind.VALUE, Optional.of(quantile));
    }
}
