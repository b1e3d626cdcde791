package dev.assay.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The email service as its own OS process, so process faults (kill, pause) can be shown on it. Started by
 * {@link Shop} with the parent JVM's java binary: {@code EmailProcess --port N [--otlp URL]}. Prints
 * {@code READY <port>} once listening, and exits when its standard input closes (the parent stopped or died),
 * so it never outlives the shop.
 */
public final class EmailProcess {
    static final String READY = "READY ";

    private EmailProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        Optional<URI> otlp = Optional.empty();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--otlp" -> otlp = Optional.of(URI.create(args[i + 1]));
                default -> {
                    System.err.println("email: unknown option " + args[i] + " (expected --port N, --otlp URL)");
                    System.exit(2);
                }
            }
        }
        OtlpExporter exporter = new OtlpExporter(otlp, Duration.ofMillis(250));
        ServiceNode email = ShopServices.email(exporter, Clock.systemUTC()).start(port);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            email.close();
            exporter.close();
            stop.countDown();
        }));
        System.out.println(READY + email.port());
        System.out.flush();
        Thread.ofVirtual().name("email-parent-watch").start(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // The parent writes nothing; EOF means it closed the pipe or died.
                }
            } catch (IOException e) {
                // Same as EOF: the parent is gone.
            }
            System.exit(0);
        });
        stop.await();
    }
}
