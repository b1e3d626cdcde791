package dev.assay.demo;

import dev.assay.spi.Reading;
import dev.assay.verdict.Measurement;
import java.time.Instant;
import java.util.Optional;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open-loop load generator: requests start on a fixed schedule whether or not earlier ones finished (so
 * a slow shop shows up as latency, not as fewer requests), each on its own virtual thread.
 */
final class OpenLoop implements LoadGenerator {
    private static final int MAX_IN_FLIGHT = 2_000;

    private final LoadGenerator.Builder config;
    private final HttpClient http;
    private final Map<String, SampleWindow> windows = new LinkedHashMap<>();
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final double totalWeight;
    private volatile boolean running = true;
    private Thread scheduler;

    private OpenLoop(LoadGenerator.Builder config) {
        this.config = config;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        for (Journey j : config.journeys) {
            windows.put(j.name(), new SampleWindow(config.retention));
            sent.put(j.name(), new AtomicLong());
        }
        this.totalWeight = config.journeys.stream().mapToDouble(Journey::weight).sum();
    }

    static OpenLoop start(LoadGenerator.Builder config) {
        OpenLoop loop = new OpenLoop(config);
        loop.scheduler = Thread.ofPlatform().daemon().name("assay-demo-load").start(loop::schedule);
        return loop;
    }

    private void schedule() {
        SplittableRandom random = new SplittableRandom(config.seed);
        long intervalNanos = (long) (1e9 / config.ratePerSecond);
        long next = System.nanoTime();
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    return;
                }
            }
            Journey j = pick(random.nextDouble() * totalWeight);
            String user = "u" + random.nextInt(50);
            String product = ShopServices.PRODUCTS.get(random.nextInt(ShopServices.PRODUCTS.size()));
            sent.get(j.name()).incrementAndGet();
            if (inFlight.tryAcquire()) {
                Thread.ofVirtual().start(() -> {
                    try {
                        send(j, user, product);
                    } finally {
                        inFlight.release();
                    }
                });
            } else {
                windows.get(j.name()).add(new SampleWindow.Sample(config.clock.millis(), false, 0));
            }
            next += intervalNanos;
            // After a long stall (a paused JVM), do not burst to catch up.
            if (System.nanoTime() - next > 1_000_000_000L) next = System.nanoTime();
        }
    }

    private Journey pick(double r) {
        for (Journey j : config.journeys) {
            r -= j.weight();
            if (r < 0) return j;
        }
        return config.journeys.get(config.journeys.size() - 1);
    }

    private void send(Journey j, String user, String product) {
        long start = System.nanoTime();
        boolean ok;
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(config.frontend.resolve(j.path() + "?user=" + user + "&product=" + product))
                    .timeout(config.requestTimeout)
                    .method(j.method(), HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            ok = r.statusCode() / 100 == 2;
        } catch (java.io.IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!running) return;
        windows.get(j.name()).add(new SampleWindow.Sample(config.clock.millis(), ok, (System.nanoTime() - start) / 1e6));
    }

    @Override
    public Reading read(String sli, Duration window) {
        if (sli.equals("business.orders.rate")) {
            return known(sli, "checkout", window, SampleWindow.Summary::successesPerSecond);
        }
        int dot = sli.indexOf('.');
        if (dot < 0 || !windows.containsKey(sli.substring(0, dot))) {
            return new Reading.Unknown(sli, "the load generator has no SLI '" + sli + "'; it serves " + slis());
        }
        String journey = sli.substring(0, dot);
        return switch (sli.substring(dot + 1)) {
            case "errors.rate" -> known(sli, journey, window, SampleWindow.Summary::errorRate);
            case "success.rate" -> known(sli, journey, window, s -> 1 - s.errorRate());
            case "latency.p50" -> known(sli, journey, window, SampleWindow.Summary::p50);
            case "latency.p95" -> known(sli, journey, window, SampleWindow.Summary::p95);
            case "latency.p99" -> known(sli, journey, window, SampleWindow.Summary::p99);
            case "requests.rate" -> known(sli, journey, window, s -> s.requests() / s.seconds());
            default -> new Reading.Unknown(sli, "the load generator has no SLI '" + sli + "'; it serves " + slis());
        };
    }

    private Reading known(String sli, String journey, Duration window, java.util.function.ToDoubleFunction<SampleWindow.Summary> f) {
        SampleWindow w = windows.get(journey);
        if (w == null) return new Reading.Unknown(sli, "no journey '" + journey + "' in the load mix");
        SampleWindow.Summary s = w.summarize(config.clock.millis(), window);
        if (s.requests() == 0) return new Reading.Unknown(sli, "no " + journey + " requests completed in the last " + window.toMillis() + " ms");
        return new Reading.Known(sli, f.applyAsDouble(s), s.requests(), config.clock.instant());
    }

    @Override
    public Optional<Measurement> measure(String sli, Instant from, Instant to) {
        int dot = sli.indexOf('.');
        if (dot < 0 || !windows.containsKey(sli.substring(0, dot))) return Optional.empty();
        List<SampleWindow.Sample> w = windows.get(sli.substring(0, dot)).between(from.toEpochMilli(), to.toEpochMilli());
        String metric = sli.substring(dot + 1);
        if (metric.equals("errors.rate")) return Optional.of(new Measurement.Rate(w.stream().filter(s -> !s.ok()).count(), w.size()));
        if (metric.startsWith("latency.p")) return Optional.of(new Measurement.Latencies(w.stream().mapToDouble(SampleWindow.Sample::latencyMs).toArray()));
        return Optional.empty();
    }

    @Override
    public List<String> slis() {
        List<String> all = new ArrayList<>();
        for (String j : windows.keySet()) {
            for (String m : List.of("errors.rate", "success.rate", "latency.p50", "latency.p95", "latency.p99", "requests.rate")) all.add(j + "." + m);
        }
        all.add("business.orders.rate");
        return List.copyOf(all);
    }

    @Override
    public long sent(String journey) {
        AtomicLong a = sent.get(journey);
        return a == null ? 0 : a.get();
    }

    @Override
    public void close() {
        running = false;
        if (scheduler != null) scheduler.interrupt();
        http.shutdownNow();
    }
}
