package dev.assay.runner;

import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import dev.assay.verdict.Measurement;
import dev.assay.verdict.Statistics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A synthetic probe of one journey: virtual threads send GET requests to the journey's URL at a steady rate
 * and record each request's latency and success (a 2xx-4xx answer within the timeout). It answers the
 * journey's SLIs both as raw samples for verdicts and as readings for guards:
 * {@code <journey>.latency.pNN} (ms), {@code <journey>.errors.rate} (fraction) and
 * {@code <journey>.requests.rate} (successful requests per second, a throughput signal for {@code dropsBy}).
 */
public final class HttpProbe implements MeasurementSource, SliSource, AutoCloseable {
    private record Sample(Instant at, double millis, boolean ok, String cohort) {
    }

    /** The fault proxy's answer header naming the request's cohort ({@code faulted} or {@code control}). */
    static final String COHORT_HEADER = "x-assay-cohort";

    private final String journey;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Sample> samples = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Instant started;
    private volatile boolean closed;

    private HttpProbe(String journey, Clock clock) {
        this.journey = journey;
        this.clock = clock;
        this.started = clock.instant();
    }

    /**
     * Starts probing {@code url} at {@code requestsPerSecond}. The probe is open-loop: a request is sent every
     * 1/rate seconds whether or not earlier ones answered, so a stalled target shows as slow and failing
     * requests instead of as fewer samples (no coordinated omission).
     */
    public static HttpProbe start(String journey, URI url, double requestsPerSecond, Duration timeout, Clock clock) {
        HttpProbe probe = new HttpProbe(journey, clock);
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        long pacingNanos = (long) (1e9 / requestsPerSecond);
        probe.workers.add(Thread.ofVirtual().name("assay-probe-" + journey).start(() -> probe.loop(http, url, timeout, pacingNanos)));
        return probe;
    }

    private void loop(HttpClient http, URI url, Duration timeout, long pacingNanos) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        long next = System.nanoTime();
        while (!closed) {
            Thread.ofVirtual().start(() -> once(http, request));
            next += pacingNanos;
            long rest = next - System.nanoTime();
            if (rest > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(rest));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void once(HttpClient http, HttpRequest request) {
        long t0 = System.nanoTime();
        boolean ok;
        String cohort = "";
        try {
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            ok = r.statusCode() < 500;
            cohort = r.headers().firstValue(COHORT_HEADER).orElse("");
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            return;
        }
        if (!closed) record(new Sample(clock.instant(), (System.nanoTime() - t0) / 1e6, ok, cohort));
    }

    private void record(Sample s) {
        lock.lock();
        try {
            samples.add(s);
        } finally {
            lock.unlock();
        }
    }

    private List<Sample> between(Instant from, Instant to) {
        lock.lock();
        try {
            return samples.stream().filter(s -> !s.at().isBefore(from) && s.at().isBefore(to)).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Measurement> measure(String sli, Instant from, Instant to) {
        return measure(sli, between(from, to));
    }

    /**
     * When the requests went through an HTTP-mode fault proxy that split them, the control and faulted
     * cohorts of the window, told apart by the proxy's {@code x-assay-cohort} answer header.
     */
    @Override
    public Optional<Cohorts> cohorts(String sli, Instant from, Instant to) {
        List<Sample> window = between(from, to);
        List<Sample> faulted = window.stream().filter(s -> s.cohort().equals("faulted")).toList();
        List<Sample> control = window.stream().filter(s -> s.cohort().equals("control")).toList();
        if (faulted.isEmpty() || control.isEmpty()) return Optional.empty();
        Optional<Measurement> c = measure(sli, control);
        Optional<Measurement> f = measure(sli, faulted);
        return c.isPresent() && f.isPresent() ? Optional.of(new Cohorts(c.get(), f.get())) : Optional.empty();
    }

    private Optional<Measurement> measure(String sli, List<Sample> window) {
        if (!sli.startsWith(journey + ".")) return Optional.empty();
        String metric = sli.substring(journey.length() + 1);
        if (metric.startsWith("latency.p")) {
            return Optional.of(new Measurement.Latencies(window.stream().filter(Sample::ok).mapToDouble(Sample::millis).toArray()));
        }
        if (metric.equals("errors.rate")) {
            return Optional.of(new Measurement.Rate(window.stream().filter(s -> !s.ok()).count(), window.size()));
        }
        return Optional.empty();
    }

    @Override
    public Reading read(String sli, Duration window) {
        if (!sli.startsWith(journey + ".")) return new Reading.Unknown(sli, "the probe of " + journey + " does not measure " + sli);
        Instant now = clock.instant();
        Instant from = now.minus(window).isBefore(started) ? started : now.minus(window);
        List<Sample> w = between(from, now.plusNanos(1));
        String metric = sli.substring(journey.length() + 1);
        if (metric.equals("requests.rate")) {
            double seconds = Math.max(0.001, Duration.between(from, now).toNanos() / 1e9);
            if (closed) return new Reading.Unknown(sli, "the probe is stopped");
            return new Reading.Known(sli, w.stream().filter(Sample::ok).count() / seconds, w.size(), now);
        }
        if (w.isEmpty()) return new Reading.Unknown(sli, "no request to " + journey + " completed in the last " + window);
        if (metric.equals("errors.rate")) {
            return new Reading.Known(sli, (double) w.stream().filter(s -> !s.ok()).count() / w.size(), w.size(), now);
        }
        var q = dev.assay.verdict.Verdicts.percentileOf(sli);
        if (metric.startsWith("latency.p") && q.isPresent()) {
            double[] ms = w.stream().mapToDouble(Sample::millis).toArray();
            Arrays.sort(ms);
            return new Reading.Known(sli, Statistics.percentile(ms, q.getAsDouble()), ms.length, now);
        }
        return new Reading.Unknown(sli, "the probe of " + journey + " does not measure " + sli);
    }

    /** The journey this probe measures. */
    public String journey() {
        return journey;
    }

    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
    }
}
