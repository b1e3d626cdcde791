package dev.assay.testkit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Child JVMs running a main class of this project on the test class path (a killed {@code assay run}, a signalled
 * {@code assay serve}, a proxy killed mid-fault), each with its stdout and stderr in files under one directory;
 * {@link #close()} kills every one still alive. Waits are on conditions with generous deadlines ({@link #GENEROUS}):
 * CI machines run at load average 60.
 */
public final class ChildJvms implements AutoCloseable {
    /** How long a wait for a child may take on a loaded machine before the test fails. */
    public static final Duration GENEROUS = Duration.ofSeconds(120);

    /** One started child: its process, and where its output goes. */
    public record Child(Process process, Path outFile, Path errFile) {
        public Child {
            requireNonNull(process, "process");
            requireNonNull(outFile, "outFile");
            requireNonNull(errFile, "errFile");
        }

        public String out() {
            return read(outFile);
        }

        public String err() {
            return read(errFile);
        }

        public long pid() {
            return process.pid();
        }

        public boolean alive() {
            return process.isAlive();
        }

        /** Sends {@code signal} ({@code INT}, {@code TERM}) through kill(1). */
        public void signal(String signal) throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor();
        }

        /** SIGKILL: no handler of the child runs. */
        public void kill() {
            process.toHandle().destroyForcibly();
        }

        /** True when the child exited within {@code within}. */
        public boolean exits(Duration within) throws InterruptedException {
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        public int exitValue() {
            return process.exitValue();
        }

        /** Closes the child's stdin (it reads end of file, as when no terminal is attached). */
        public void closeStdin() throws IOException {
            process.getOutputStream().close();
        }

        private static String read(Path f) {
            try {
                return Files.exists(f) ? Files.readString(f) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final Path dir;
    private final Class<?> main;
    private final List<Child> children = new ArrayList<>();

    private ChildJvms(Path dir, Class<?> main) {
        this.dir = dir;
        this.main = main;
    }

    /** Children running {@code main}, their output files in {@code dir}. */
    public static ChildJvms of(Path dir, Class<?> main) {
        return new ChildJvms(requireNonNull(dir, "dir"), requireNonNull(main, "main"));
    }

    /** Starts {@code java -cp <test class path> main args...}; output in {@code <name>-N.out} and {@code <name>-N.err}. */
    public Child start(String name, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Jvm.javaBinary(), "-cp", Jvm.classPath(), main.getName()));
        cmd.addAll(args);
        int n = children.size();
        Path out = dir.resolve(name + "-" + n + ".out");
        Path err = dir.resolve(name + "-" + n + ".err");
        Child c = new Child(new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
        children.add(c);
        return c;
    }

    /**
     * Waits until {@code condition} holds, checking every 20 ms; fails with {@code what} (evaluated then, so it can carry
     * the child's output) when it does not within {@code within}.
     */
    public static void await(BooleanSupplier condition, Duration within, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + within.toSeconds() + " s: " + what.get());
            Thread.sleep(20);
        }
    }

    /** Kills every child still alive and waits (bounded) for it to go. */
    @Override
    public void close() {
        for (Child c : children) {
            c.process().destroyForcibly();
            try {
                c.process().waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
