package dev.assay.cli;

import dev.assay.demo.Demo;
import dev.assay.demo.DemoSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code assay demo}: the whole loop on the bundled shop, in one command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole Assay loop on a bundled microservice shop: starts it (ten services, one as its own process,",
                "every call through Assay's fault proxy) with load, discovers the topology from traces, validates the demo",
                "intents, plans by information gain, runs experiments under the real safety layer, learns, and reports.",
                "Takes about three minutes. Ctrl-C stops everything cleanly."})
public final class DemoCommand implements Callable<Integer> {
    enum Format { text, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", defaultValue = "text", description = "text (live progress and a summary) or json (only the summary; progress goes to stderr)")
    Format format;

    @Option(names = "--keep-running", description = "leave the shop, proxies and load running after the summary, until Ctrl-C")
    boolean keepRunning;

    @Option(names = "--workdir", paramLabel = "DIR", description = "where the journal, report and intents go (default: a new temporary directory)")
    Path workdir;

    @Option(names = "--system", paramLabel = "FILE", description = "a system file (assay.yaml) whose spec.safety binds every demo intent,"
            + " merged with the intent's own (the stricter wins), as in plan and run")
    Path system;

    @Option(names = "--intents", paramLabel = "DIR", description = "demo intents to use (default: examples/demo when present here, else the bundled copies)")
    Path intents;

    /** Assay's own log (proxies, toxics, leases): kept out of the terminal by {@link #logTo}. */
    private static final Logger QUIET = Logger.getLogger("dev.assay");

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = format == Format.json ? spec.commandLine().getErr() : out;
        Path dir = workdir != null ? workdir : tempDir();
        Optional<Handler> log = logTo(dir.resolve("assay.log"));
        try {
            return runDemo(dir, out, progress);
        } finally {
            log.ifPresent(h -> {
                QUIET.removeHandler(h);
                h.close();
                QUIET.setUseParentHandlers(true);
                QUIET.setLevel(null);
            });
        }
    }

    private int runDemo(Path dir, PrintWriter out, PrintWriter progress) throws InterruptedException {
        Demo.Builder b = Demo.builder().workdir(dir).keepRunning(keepRunning).listener(new DemoProgress(progress));
        Path examples = Path.of("examples", "demo");
        if (intents != null) b.intents(intents);
        if (system != null) b.systemSafety(dev.assay.format.SystemFormat.read(system).defaultSafety(), system.getFileName().toString());
        else if (Files.isDirectory(examples)) b.intents(examples);
        CountDownLatch signalled = new CountDownLatch(1);
        try (Demo demo = b.build()) {
            // Ctrl-C: roll back first (the demo stops its experiment), then the demo closes what it started and
            // returns; a second Ctrl-C (or the watchdog, see Signals) exits once no fault is in flight, killing
            // the shop's child process.
            Signals.onInterrupt(() -> {
                progress.println("stopping: rolling back, then stopping the shop (a second Ctrl-C exits once the rollback is done)");
                progress.flush();
                signalled.countDown();
                demo.stop();
            }, demo::idle, Signals::killChildren, spec.commandLine().getErr());
            // Other ways out (SIGHUP, System.exit): stop, wait a bounded time for the demo to close, close the rest on
            // a daemon thread for a bounded time; the JVM halts when the hook returns.
            Thread hook = new Thread(() -> {
                signalled.countDown();
                demo.stop();
                try {
                    if (!demo.awaitClosed(Duration.ofSeconds(30))) {
                        Thread closer = Thread.ofPlatform().daemon().name("assay-demo-close").start(demo::close);
                        closer.join(Duration.ofSeconds(10));
                        Signals.killChildren();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "assay-demo-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                DemoSummary summary = demo.run();
                out.println(format == Format.json ? summary.json() : summary.text());
                out.flush();
                if (keepRunning && !summary.interrupted()) {
                    progress.println("still running (Ctrl-C stops it all): " + demo.addresses().orElse(""));
                    progress.flush();
                    signalled.await();
                }
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it stops the demo
                }
            }
        }
        return ExitCode.OK;
    }

    /** The proxy and runner log to a file in the work directory; the terminal shows the demo's own progress. */
    private static Optional<Handler> logTo(Path file) {
        try {
            Files.createDirectories(file.getParent());
            FileHandler h = new FileHandler(file.toString(), true);
            h.setFormatter(new SimpleFormatter());
            QUIET.addHandler(h);
            QUIET.setUseParentHandlers(false);
            QUIET.setLevel(Level.INFO);
            return Optional.of(h);
        } catch (IOException e) {
            return Optional.empty(); // logging then goes where it always goes (stderr)
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("assay-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory; give one with --workdir", e);
        }
    }
}
