package dev.assay.runner;

import dev.assay.model.SliDefinition;
import dev.assay.spi.Reading;
import dev.assay.telemetry.ProxySliSource;
import dev.assay.telemetry.ProxyTrafficSource;
import dev.assay.spi.SliSource;
import dev.assay.verdict.Measurement;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SLIs from the fault proxy's own {@code /metrics} (HTTP-mode proxies), read directly rather than through
 * Prometheus, so guards see a change within one guard period. Each read scrapes the counters and keeps the
 * snapshot; a rate over a window is the difference to the snapshot at the window's start. SLIs for a proxy
 * named {@code shop}: {@code shop.errors.rate} (errors / requests), {@code shop.requests.rate} (successful
 * requests per second). The faulted and control cohorts give {@link #cohorts} for error rates. An error
 * rate over a window older than its own scrapes is read from the proxy's counter history instead (never over
 * a shorter window than asked).
 */
public final class ProxyMetricsSource implements SliSource, MeasurementSource, AutoCloseable {
    private static final Pattern LINE = Pattern.compile("^(assay_proxy_http_(?:requests|errors)_total)\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Duration KEEP = Duration.ofMinutes(30);

    /** Counters of one proxy at one instant, per cohort. */
    record Counts(double requests, double errors) {
    }

    record Snapshot(Instant at, Map<String, Map<String, Counts>> byProxyAndCohort) {
        Counts total(String proxy) {
            Map<String, Counts> c = byProxyAndCohort.getOrDefault(proxy, Map.of());
            return new Counts(c.values().stream().mapToDouble(Counts::requests).sum(), c.values().stream().mapToDouble(Counts::errors).sum());
        }

        Counts cohort(String proxy, String cohort) {
            return byProxyAndCohort.getOrDefault(proxy, Map.of()).getOrDefault(cohort, new Counts(0, 0));
        }
    }

    private final URI metrics;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Snapshot> history = new ArrayDeque<>();
    private volatile Thread sampler;

    private ProxyMetricsSource(URI metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Reads the proxy whose admin API is at {@code api}, scraping it every {@code period} in the background so
     * a rate over any recent window has a snapshot to start from (reads scrape once more, for freshness).
     */
    public static ProxyMetricsSource start(URI api, Duration period, Clock clock) {
        ProxyMetricsSource source = new ProxyMetricsSource(URI.create(api.toString().replaceAll("/+$", "") + "/metrics"), clock);
        source.sample();
        source.sampler = Thread.ofVirtual().name("assay-proxy-metrics").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
                source.sample();
            }
        });
        return source;
    }

    @Override
    public void close() {
        Thread t = sampler;
        if (t != null) t.interrupt();
    }

    @Override
    public Reading read(String sli, Duration window) {
        Optional<Name> name = Name.parse(sli);
        if (name.isEmpty()) return new Reading.Unknown(sli, "the proxy's metrics answer <proxy>.errors.rate and <proxy>.requests.rate, not " + sli);
        Snapshot now;
        try {
            now = scrape();
        } catch (IOException e) {
            return new Reading.Unknown(sli, "cannot read " + metrics + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reading.Unknown(sli, "interrupted");
        }
        Optional<Snapshot> start = startOf(now.at().minus(window), now.at());
        boolean covers = start.isPresent() && !start.get().at().isAfter(now.at().minus(window).plus(tolerance(window)));
        if (!covers && name.get().metric().equals("errors.rate")) return fromHistory(sli, name.get().proxy(), window);
        if (start.isEmpty()) return new Reading.Unknown(sli, "no earlier scrape of " + metrics + " to take a rate over yet");
        Counts a = start.get().total(name.get().proxy());
        Counts b = now.total(name.get().proxy());
        double requests = b.requests() - a.requests();
        double errors = b.errors() - a.errors();
        double seconds = Duration.between(start.get().at(), now.at()).toNanos() / 1e9;
        if (name.get().metric().equals("requests.rate")) return new Reading.Known(sli, (requests - errors) / seconds, (long) requests, now.at());
        if (requests <= 0) return new Reading.Unknown(sli, "no requests through proxy " + name.get().proxy() + " in the last " + window);
        return new Reading.Known(sli, errors / requests, (long) requests, now.at());
    }

    /** Slack for a window's start: one scrape period or a tenth of the window, whichever is larger. */
    private static Duration tolerance(Duration window) {
        Duration tenth = window.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(2)) > 0 ? tenth : Duration.ofSeconds(2);
    }

    /**
     * A window older than this source's own scrapes: the proxy's counter history answers it (the same reading
     * as {@code assay slo}'s), unknown when the proxy keeps none.
     */
    private Reading fromHistory(String sli, String proxy, Duration window) {
        SliDefinition def = new SliDefinition(sli, SliDefinition.Source.PROXY, proxy, SliDefinition.Kind.ERROR_RATIO);
        return ProxySliSource.create(metrics, ProxyTrafficSource.Names.DEFAULT, List.of(def), clock).read(sli, window);
    }

    @Override
    public Optional<Measurement> measure(String sli, Instant from, Instant to) {
        Optional<Name> name = Name.parse(sli).filter(n -> n.metric().equals("errors.rate"));
        Optional<Snapshot[]> w = window(from, to);
        if (name.isEmpty() || w.isEmpty()) return Optional.empty();
        Counts a = w.get()[0].total(name.get().proxy());
        Counts b = w.get()[1].total(name.get().proxy());
        return Optional.of(new Measurement.Rate(Math.round(b.errors() - a.errors()), Math.round(b.requests() - a.requests())));
    }

    @Override
    public Optional<Cohorts> cohorts(String sli, Instant from, Instant to) {
        Optional<Name> name = Name.parse(sli).filter(n -> n.metric().equals("errors.rate"));
        Optional<Snapshot[]> w = window(from, to);
        if (name.isEmpty() || w.isEmpty()) return Optional.empty();
        String p = name.get().proxy();
        Counts fa = w.get()[0].cohort(p, "faulted");
        Counts fb = w.get()[1].cohort(p, "faulted");
        Counts ca = w.get()[0].cohort(p, "control");
        Counts cb = w.get()[1].cohort(p, "control");
        long faulted = Math.round(fb.requests() - fa.requests());
        long control = Math.round(cb.requests() - ca.requests());
        if (faulted == 0 || control == 0) return Optional.empty(); // no split: compare with the baseline instead
        return Optional.of(new Cohorts(new Measurement.Rate(Math.round(cb.errors() - ca.errors()), control),
                new Measurement.Rate(Math.round(fb.errors() - fa.errors()), faulted)));
    }

    private Optional<Snapshot[]> window(Instant from, Instant to) {
        lock.lock();
        try {
            Snapshot first = null;
            Snapshot last = null;
            for (Snapshot s : history) {
                if (first == null && !s.at().isBefore(from)) first = s;
                if (!s.at().isAfter(to)) last = s;
            }
            if (first == null || last == null || !last.at().isAfter(first.at())) return Optional.empty();
            return Optional.of(new Snapshot[] {first, last});
        } finally {
            lock.unlock();
        }
    }

    private Optional<Snapshot> startOf(Instant windowStart, Instant now) {
        lock.lock();
        try {
            Snapshot best = null;
            for (Snapshot s : history) {
                if (!s.at().isAfter(windowStart)) best = s;
            }
            if (best == null) best = history.peekFirst();
            return Optional.ofNullable(best).filter(s -> s.at().isBefore(now));
        } finally {
            lock.unlock();
        }
    }

    private Snapshot scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode());
        Map<String, Map<String, double[]>> counts = new HashMap<>();
        for (String line : r.body().split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) continue;
            Map<String, String> labels = new HashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) labels.put(l.group(1), l.group(2));
            double[] c = counts.computeIfAbsent(labels.getOrDefault("proxy", ""), k -> new HashMap<>())
                    .computeIfAbsent(labels.getOrDefault("cohort", "control"), k -> new double[2]);
            c[m.group(1).contains("errors") ? 1 : 0] += Double.parseDouble(m.group(3));
        }
        Map<String, Map<String, Counts>> snapshot = new HashMap<>();
        counts.forEach((proxy, byCohort) -> {
            Map<String, Counts> cs = new HashMap<>();
            byCohort.forEach((cohort, c) -> cs.put(cohort, new Counts(c[0], c[1])));
            snapshot.put(proxy, Map.copyOf(cs));
        });
        Snapshot s = new Snapshot(clock.instant(), Map.copyOf(snapshot));
        lock.lock();
        try {
            history.addLast(s);
            while (!history.isEmpty() && history.peekFirst().at().isBefore(s.at().minus(KEEP))) history.removeFirst();
        } finally {
            lock.unlock();
        }
        return s;
    }

    /** Scrapes now (e.g. at the start and end of a window the verdict will measure). */
    public void sample() {
        try {
            scrape();
        } catch (IOException e) {
            // a missing snapshot shows up as an unmeasured SLI, which makes the verdict inconclusive
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Name(String proxy, String metric) {
        static Optional<Name> parse(String sli) {
            for (String metric : new String[] {"errors.rate", "requests.rate"}) {
                if (sli.endsWith("." + metric) && sli.length() > metric.length() + 1) {
                    return Optional.of(new Name(sli.substring(0, sli.length() - metric.length() - 1), metric));
                }
            }
            return Optional.empty();
        }
    }
}
