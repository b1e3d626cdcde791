package dev.assay.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Bounded load over loopback: GET one URL at a steady rate on virtual threads until closed. */
final class Load implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final Thread pacer;

    private Load(URI url, double perSecond) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        long pause = (long) (1e9 / perSecond);
        pacer = Thread.ofVirtual().name("it-load").start(() -> {
            long next = System.nanoTime();
            while (running.get()) {
                sent.incrementAndGet();
                Thread.ofVirtual().start(() -> {
                    try {
                        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() < 500) ok.incrementAndGet();
                    } catch (Exception e) {
                        // counted as not ok
                    }
                });
                next += pause;
                long wait = next - System.nanoTime();
                if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        });
    }

    static Load start(URI url, double perSecond) {
        return new Load(url, perSecond);
    }

    long sent() {
        return sent.get();
    }

    long ok() {
        return ok.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        pacer.join(Duration.ofSeconds(10));
    }
}
