package dev.assay.demo;

import dev.assay.runner.MeasurementSource;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import dev.assay.verdict.Measurement;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-service SLIs scraped from every service's own Prometheus {@code /metrics} (on the service's address, not
 * through its proxy, so a fault does not blind the measurement): {@code service.<name>.errors.rate} (5xx share
 * of the requests it served), {@code service.<name>.latency.mean} and {@code service.<name>.latency.pNN} (ms, e.g.
 * {@code p50}, {@code p99}: from the latency histogram's buckets, interpolated within the bucket as Prometheus'
 * {@code histogram_quantile} does), over any trailing window. These are what the runner compares to find the
 * observed blast radius, and what each outcome records for the mechanism belief.
 */
final class ServiceSlis implements SliSource, MeasurementSource, AutoCloseable {
    private record Point(long atMillis, double requests, double errors, double latencySeconds, double[] buckets) {
    }

    private final Map<String, URI> targets = new LinkedHashMap<>();
    private final Map<String, ArrayDeque<Point>> series = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Clock clock;
    private final HttpClient http;
    private final Duration retention = Duration.ofMinutes(5);
    /** A point at most this old at a window's end is its end (no fresh scrape); also how close before a window a scrape starts it. */
    static final long FRESH_MS = 100;
    static final long SCRAPE_TIMEOUT_MS = 800;
    private volatile boolean running = true;
    private final Thread scraper;

    private ServiceSlis(Map<String, InetSocketAddress> services, Duration every, Clock clock) {
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofMillis(500))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        services.forEach((name, a) -> {
            targets.put(name, URI.create("http://127.0.0.1:" + a.getPort() + "/metrics"));
            series.put(name, new ArrayDeque<>());
        });
        this.scraper = Thread.ofVirtual().name("assay-demo-scraper").start(() -> loop(every));
    }

    static ServiceSlis start(Map<String, InetSocketAddress> services, Duration every, Clock clock) {
        return new ServiceSlis(services, every, clock);
    }

    static String errorsSli(String service) {
        return "service." + service + ".errors.rate";
    }

    private void loop(Duration every) {
        while (running) {
            targets.forEach((name, uri) -> Thread.ofVirtual().start(() -> scrape(name, uri)));
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Scrapes every service now, in parallel (bounded by the scrape timeout), unless each has a point at most
     * {@link #FRESH_MS} before {@code to}: a window ending now then ends now, not up to a scrape period earlier. A
     * guard-aborted fault window lasts a second or two; read from the periodic scrapes alone it lost up to half of it
     * (once 24 of 25 cart requests came from before the cache fault took hold), and the mechanism belief read no retries
     * as retries. False for a window that ended before now.
     */
    private boolean refresh(long to) {
        if (to < clock.millis() - FRESH_MS) return false; // a window in the past: the periodic scrapes are all there is
        List<Thread> scrapes = new ArrayList<>();
        lock.lock();
        try {
            targets.forEach((name, uri) -> {
                Point last = series.get(name).peekLast();
                if (last == null || last.atMillis() < to - FRESH_MS) scrapes.add(Thread.ofVirtual().unstarted(() -> scrape(name, uri)));
            });
        } finally {
            lock.unlock();
        }
        scrapes.forEach(Thread::start);
        try {
            for (Thread t : scrapes) t.join(SCRAPE_TIMEOUT_MS + 200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private void scrape(String service, URI uri) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(SCRAPE_TIMEOUT_MS)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) return;
            double requests = 0;
            double errors = 0;
            double latency = 0;
            double[] buckets = new double[Metrics.BUCKETS_SECONDS.length];
            for (String line : r.body().split("\n")) {
                if (line.startsWith("#") || line.isBlank()) continue;
                double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (line.startsWith("assay_demo_requests_total{")) requests += v;
                else if (line.startsWith("assay_demo_errors_total{")) errors += v;
                else if (line.startsWith("assay_demo_request_duration_seconds_sum{")) latency += v;
                else if (line.startsWith("assay_demo_request_duration_seconds_bucket{")) addBucket(buckets, line, v);
            }
            Point p = new Point(clock.millis(), requests, errors, latency, buckets);
            lock.lock();
            try {
                ArrayDeque<Point> s = series.get(service);
                if (s.peekLast() != null && s.peekLast().atMillis() >= p.atMillis()) return; // a concurrent scrape got there first: keep the series in order
                s.addLast(p);
                while (s.peekFirst().atMillis() < p.atMillis() - retention.toMillis()) s.removeFirst();
            } finally {
                lock.unlock();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // an unreachable or paused service leaves a gap: its readings become Unknown, never "healthy"
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Adds a cumulative bucket count (all routes together); {@code +Inf} is the request count. */
    private static void addBucket(double[] buckets, String line, double v) {
        int at = line.indexOf("le=\"");
        if (at < 0) return;
        String le = line.substring(at + 4, line.indexOf('"', at + 4));
        if (le.equals("+Inf")) return;
        int i = java.util.Arrays.binarySearch(Metrics.BUCKETS_SECONDS, Double.parseDouble(le));
        if (i >= 0) buckets[i] += v;
    }

    /**
     * The {@code q}-quantile (ms) of the latencies counted in {@code d}'s buckets: linear within the bucket it falls in
     * (from 0 for the first); the last bound when it falls beyond every bucket.
     */
    static double quantileMs(double[] cumulative, double total, double q) {
        double rank = q * total;
        double lower = 0;
        double below = 0;
        for (int i = 0; i < cumulative.length; i++) {
            double upper = Metrics.BUCKETS_SECONDS[i];
            if (cumulative[i] >= rank) {
                double inBucket = cumulative[i] - below;
                double share = inBucket <= 0 ? 1 : (rank - below) / inBucket;
                return 1000 * (lower + (upper - lower) * share);
            }
            lower = upper;
            below = cumulative[i];
        }
        return 1000 * lower;
    }

    /** The counters' change between the last points at or before {@code from} and {@code to}. */
    private Optional<Point> delta(String service, long from, long to) {
        lock.lock();
        try {
            ArrayDeque<Point> s = series.get(service);
            if (s == null || s.isEmpty()) return Optional.empty();
            Point a = null;
            Point b = null;
            Point firstInside = null;
            for (Point p : s) {
                if (p.atMillis() <= from) a = p;
                if (firstInside == null && p.atMillis() >= from) firstInside = p;
                if (p.atMillis() <= to) b = p;
            }
            // a window starting between scrapes starts at the first scrape inside it, so a fault window holds no
            // traffic from before the fault (a guard abort's window is only a second or two long); a scrape just before
            // it (the previous window's fresh end, taken as the fault went on) is its start
            boolean freshStart = a != null && from - a.atMillis() <= FRESH_MS;
            if (!freshStart && firstInside != null && b != null && firstInside.atMillis() < b.atMillis() && firstInside.atMillis() - from < 1000) a = firstInside;
            if (a == null) a = s.peekFirst(); // the window starts before the first scrape
            if (a == null || b == null || b.atMillis() <= a.atMillis()) return Optional.empty();
            double[] buckets = new double[b.buckets().length];
            for (int i = 0; i < buckets.length; i++) buckets[i] = b.buckets()[i] - a.buckets()[i];
            return Optional.of(new Point(b.atMillis() - a.atMillis(), b.requests() - a.requests(), b.errors() - a.errors(),
                    b.latencySeconds() - a.latencySeconds(), buckets));
        } finally {
            lock.unlock();
        }
    }

    private static final java.util.regex.Pattern PERCENTILE = java.util.regex.Pattern.compile("(.+)\\.latency\\.p([0-9]{1,2})");

    private Optional<String[]> parse(String sli) {
        if (!sli.startsWith("service.")) return Optional.empty();
        String rest = sli.substring("service.".length());
        for (String metric : new String[] {".errors.rate", ".latency.mean"}) {
            if (rest.endsWith(metric)) {
                String service = rest.substring(0, rest.length() - metric.length());
                if (series.containsKey(service)) return Optional.of(new String[] {service, metric.substring(1)});
            }
        }
        java.util.regex.Matcher m = PERCENTILE.matcher(rest);
        if (m.matches() && series.containsKey(m.group(1)) && Integer.parseInt(m.group(2)) < 100) {
            return Optional.of(new String[] {m.group(1), "latency.p" + m.group(2)});
        }
        return Optional.empty();
    }

    @Override
    public Reading read(String sli, Duration window) {
        Optional<String[]> p = parse(sli);
        if (p.isEmpty()) return new Reading.Unknown(sli, "no per-service SLI '" + sli + "'; known: service.<name>.errors.rate|latency.mean|latency.pNN");
        refresh(clock.millis());
        long now = clock.millis(); // after the fresh scrapes, so they are in the window
        Optional<Point> d = delta(p.get()[0], now - window.toMillis(), now);
        if (d.isEmpty() || d.get().requests() <= 0) return new Reading.Unknown(sli, p.get()[0] + " served no requests in the last " + window.toMillis() + " ms");
        String metric = p.get()[1];
        double value = metric.equals("errors.rate") ? d.get().errors() / d.get().requests()
                : metric.equals("latency.mean") ? 1000 * d.get().latencySeconds() / d.get().requests()
                : quantileMs(d.get().buckets(), d.get().requests(), Integer.parseInt(metric.substring("latency.p".length())) / 100.0);
        return new Reading.Known(sli, value, (long) d.get().requests(), clock.instant());
    }

    @Override
    public Optional<Measurement> measure(String sli, Instant from, Instant to) {
        Optional<String[]> p = parse(sli);
        if (p.isEmpty() || !p.get()[1].equals("errors.rate")) return Optional.empty();
        // a window ending now is read to the fresh scrapes' end
        long end = refresh(to.toEpochMilli()) ? Math.max(to.toEpochMilli(), clock.millis()) : to.toEpochMilli();
        return delta(p.get()[0], from.toEpochMilli(), end)
                .map(d -> new Measurement.Rate((long) Math.max(0, d.errors()), (long) Math.max(d.errors(), d.requests())));
    }

    @Override
    public void close() {
        running = false;
        scraper.interrupt();
        http.shutdownNow();
    }
}
