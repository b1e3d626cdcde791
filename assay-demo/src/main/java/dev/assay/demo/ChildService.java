package dev.assay.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A shop service running as a child JVM ({@link EmailProcess}); stopping it never leaves the process behind. */
final class ChildService implements AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;
    private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

    private ChildService(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    static ChildService start(String name, String javaBinary, String classPath, Optional<java.net.URI> otlp, Duration startTimeout) {
        List<String> cmd = new ArrayList<>(List.of(javaBinary, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", classPath, EmailProcess.class.getName(), "--port", "0"));
        otlp.ifPresent(u -> cmd.addAll(List.of("--otlp", u.toString())));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + " process with " + javaBinary, e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> early = new ArrayList<>();
        CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(EmailProcess.READY)) return Integer.parseInt(line.substring(EmailProcess.READY.length()).trim());
                    early.add(line);
                }
                return -1;
            } catch (IOException e) {
                return -1;
            }
        }, r -> Thread.ofVirtual().start(r));
        int port;
        try {
            port = ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            port = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            port = -1;
        }
        if (port <= 0) {
            p.destroyForcibly();
            throw new IllegalStateException("the " + name + " process did not start within " + startTimeout.toSeconds()
                    + " s; its output: " + String.join(" | ", early));
        }
        ChildService child = new ChildService(name, p, port);
        Thread.ofVirtual().name(name + "-output").start(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) child.output.add(line);
            } catch (IOException e) {
                // process ended
            }
        });
        return child;
    }

    int port() {
        return port;
    }

    /** The pipe to the child's standard input; closing it makes the child exit. */
    java.io.OutputStream stdin() {
        return process.getOutputStream();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    String name() {
        return name;
    }

    /** Closes its stdin (it exits by itself), then SIGTERM, then SIGKILL (which also ends a paused process). */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
