package dev.assay.telemetry;

import dev.assay.model.SliDefinition;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Error-ratio and latency-percentile SLIs straight from the fault proxy's counters and histograms, without a
 * Prometheus in between. Assay's proxy
 * keeps a history of its counters ({@code GET /history}), so a read answers errors / requests over the
 * trailing window at once, and {@link #covered} says how much of the window the proxy observed. Other
 * proxies (no {@code /history}): each read scrapes {@code /metrics}, remembers the totals (at most
 * {@value #MAX_POINTS} points per SLI) and answers the difference to the newest point at least
 * {@code window} old. A latency SLI ({@link SliDefinition#latency()}) is that quantile of the window's merged
 * histogram buckets (interpolated as {@code histogram_quantile} does), and needs the history. Fails closed: unknown when the proxy is unreachable or has no such proxy, when no
 * request went through in the window, or (scraping) until a point that old exists.
 */
public final class ProxySliSource implements SliSource, SliCoverage {
    static final int MAX_POINTS = 4096;
    private final URI metrics;
    private final ProxyTrafficSource.Names names;
    private final Clock clock;
    private final Map<String, SliDefinition> slis = new LinkedHashMap<>();
    private final Map<String, ArrayDeque<Point>> history = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    private record Point(Instant at, double requests, double errors) {
    }

    private ProxySliSource(URI metrics, ProxyTrafficSource.Names names, List<SliDefinition> slis, Clock clock) {
        this.metrics = metrics;
        this.names = names;
        this.clock = clock;
        for (SliDefinition s : slis) this.slis.put(s.name(), s);
    }

    /** Serves the {@code proxy}-sourced SLIs among {@code slis}; each one's query names its proxy. */
    public static ProxySliSource create(URI metrics, ProxyTrafficSource.Names names, List<SliDefinition> slis, Clock clock) {
        return new ProxySliSource(metrics, names, slis.stream().filter(s -> s.source() == SliDefinition.Source.PROXY).toList(), clock);
    }

    @Override
    public Reading read(String sli, Duration window) {
        SliDefinition def = slis.get(sli);
        if (def == null) return new Reading.Unknown(sli, "no proxy SLI named '" + sli + "' is defined");
        if (def.latency().isPresent()) return latency(sli, def, def.latency().get(), window);
        if (!names.equals(ProxyTrafficSource.Names.DEFAULT)) return scraped(sli, def, window);
        try {
            ProxyHistory.Window w = ProxyHistory.read(metrics, window, java.util.Optional.of(def.query()));
            long requests = w.requests(s -> !s.route().isEmpty());
            long errors = w.errors(s -> !s.route().isEmpty());
            if (w.series().isEmpty()) return new Reading.Unknown(sli, "the proxy at " + ProxyHistory.base(metrics) + " has no requests for proxy '" + def.query()
                    + "' in the last " + PromQl.duration(window));
            if (requests <= 0) return new Reading.Unknown(sli, "no request through proxy '" + def.query() + "' in the last " + PromQl.duration(window));
            return new Reading.Known(sli, (double) Math.min(errors, requests) / requests, requests, clock.instant());
        } catch (TelemetryUnavailableException e) {
            if (!e.getMessage().contains("HTTP 404")) return new Reading.Unknown(sli, e.getMessage());
        }
        return scraped(sli, def, window);
    }

    /** The time the proxy observed within the trailing {@code window} (empty when it keeps no history). */
    @Override
    public java.util.Optional<Duration> covered(String sli, Duration window) {
        SliDefinition def = slis.get(sli);
        if (def == null || !names.equals(ProxyTrafficSource.Names.DEFAULT)) return java.util.Optional.empty();
        try {
            return java.util.Optional.of(ProxyHistory.read(metrics, window, java.util.Optional.of(def.query())).covered());
        } catch (TelemetryUnavailableException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The {@code q} latency quantile in ms of the requests proxy {@code def.query()} forwarded in the window, from its
     * history's histogram buckets; unknown without a history (another proxy) or without a request in the window.
     */
    private Reading latency(String sli, SliDefinition def, double q, Duration window) {
        if (!names.equals(ProxyTrafficSource.Names.DEFAULT)) {
            return new Reading.Unknown(sli, "a latency SLI reads the Assay proxy's histogram history; this proxy's metrics are named otherwise");
        }
        ProxyHistory.Window w;
        try {
            w = ProxyHistory.read(metrics, window, java.util.Optional.of(def.query()));
        } catch (TelemetryUnavailableException e) {
            return new Reading.Unknown(sli, e.getMessage());
        }
        long[] merged = new long[Math.max(0, w.le().length)];
        for (ProxyHistory.Series s : w.series()) {
            if (s.route().isEmpty()) continue;
            for (int i = 0; i < Math.min(merged.length, s.buckets().length); i++) merged[i] += s.buckets()[i];
        }
        long observed = java.util.Arrays.stream(merged).sum();
        java.util.Optional<Double> ms = ProxyHistory.quantileMs(merged, w.le(), q);
        if (ms.isEmpty()) return new Reading.Unknown(sli, "no request through proxy '" + def.query() + "' in the last " + PromQl.duration(window));
        return new Reading.Known(sli, ms.get(), observed, clock.instant());
    }

    private Reading scraped(String sli, SliDefinition def, Duration window) {
        Instant now = clock.instant();
        PrometheusTextParser.Parsed parsed;
        try {
            parsed = PrometheusTextParser.parse(HttpJson.text(metrics));
        } catch (TelemetryUnavailableException e) {
            return new Reading.Unknown(sli, e.getMessage());
        }
        double requests = 0;
        double errors = 0;
        boolean seen = false;
        for (PrometheusTextParser.Sample s : parsed.samples()) {
            if (!def.query().equals(s.labels().get(names.proxyLabel()))) continue;
            if (s.name().equals(names.requestsTotal())) {
                requests += s.value();
                seen = true;
            } else if (s.name().equals(names.errorsTotal())) {
                errors += s.value();
            }
        }
        if (!seen) return new Reading.Unknown(sli, "the proxy at " + metrics + " reports no requests for proxy '" + def.query() + "'");
        lock.lock();
        try {
            ArrayDeque<Point> points = history.computeIfAbsent(sli, k -> new ArrayDeque<>());
            Point current = new Point(now, requests, errors);
            Point base = null;
            for (Iterator<Point> it = points.descendingIterator(); it.hasNext(); ) {
                Point p = it.next();
                if (!p.at().isAfter(now.minus(window))) {
                    base = p;
                    break;
                }
            }
            points.addLast(current);
            if (points.size() > MAX_POINTS) points.removeFirst();
            if (base == null) return new Reading.Unknown(sli, "collecting: no reading of proxy '" + def.query() + "' from " + PromQl.duration(window) + " ago yet");
            double dr = requests - base.requests();
            double de = errors - base.errors();
            if (dr <= 0) return new Reading.Unknown(sli, "no request through proxy '" + def.query() + "' in the last " + PromQl.duration(window));
            return new Reading.Known(sli, Math.max(0, de) / dr, (long) dr, now);
        } finally {
            lock.unlock();
        }
    }
}
