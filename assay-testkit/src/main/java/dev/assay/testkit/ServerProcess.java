package dev.assay.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * What {@link PrometheusServer} and {@link ZipkinServer} share about the server process they start: waiting until it
 * answers 200 on a readiness URL, and stopping it.
 */
final class ServerProcess {
    private ServerProcess() {
    }

    /**
     * Polls {@code ready} every {@code poll} until it answers 200; throws if {@code process} exits first, or if
     * {@code timeout} passes (or the wait is interrupted). {@code name} and {@code log} go into the message.
     */
    static void awaitOk(Process process, URI ready, Duration timeout, Duration poll, String name, Path log) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new IllegalStateException(name + " exited early; see " + log);
            try {
                if (answersOk(http, ready)) return;
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(name + " not ready within " + timeout + " at " + ready + "; see " + log);
    }

    private static boolean answersOk(HttpClient http, URI ready) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException stillStarting) {
            return false;
        }
    }

    /** Asks {@code process} to stop, waits up to 10 s, then kills it. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
