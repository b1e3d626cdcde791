package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A service-level indicator by name (as intents and SLOs refer to it) and where its value comes from:
 * a PromQL expression in which {@code $window} stands for the trailing window (e.g.
 * {@code sum(rate(http_errors_total[$window])) / sum(rate(http_requests_total[$window]))}), or the fault
 * proxy's own counters for one proxy (the {@code query} is then the proxy's name). An SLO can only be set on
 * an {@link Kind#ERROR_RATIO} SLI: the share of bad events, from 0 to 1.
 */
public record SliDefinition(String name, Source source, String query, Kind kind) {
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
    }
}
