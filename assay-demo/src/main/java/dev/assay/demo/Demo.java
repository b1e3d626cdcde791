package dev.assay.demo;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code assay demo}: the whole Assay loop on the bundled shop. Starts the OTLP receiver, the shop with one
 * fault proxy per callee and the load; discovers the topology from traces; finds stale intents; validates,
 * plans by information gain, runs experiments under the real runner (pre-flight, guards, leases, rollback),
 * updates beliefs between runs; writes the journal and an HTML report into the work directory.
 *
 * <pre>{@code
 * try (Demo demo = Demo.builder().workdir(dir).listener(progress).build()) {
 *     DemoSummary summary = demo.run();   // demo.stop() from another thread ends it early, cleanly
 * }
 * }</pre>
 * Closing stops everything that is still running (with {@code keepRunning}, the shop stays up until then).
 */
public final class Demo implements AutoCloseable {
    private final DemoRun run;

    private Demo(DemoRun run) {
        this.run = run;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the demo to its end (or until {@link #stop()}); returns what it learned. */
    public DemoSummary run() {
        return run.run();
    }

    /** Ends the demo early: the running experiment rolls back, then everything stops. Safe from any thread. */
    public void stop() {
        run.stop();
    }

    /** True when no experiment is running: its faults were rolled back and its outcome journaled (a forced exit may go). */
    public boolean idle() {
        return run.idle();
    }

    /** With {@code keepRunning}: where the shop's entry point and the fault proxy's API are, once started. */
    public Optional<String> addresses() {
        return run.addresses();
    }

    /** Waits until everything has been stopped (after {@link #stop()}, for a shutdown hook); false on timeout. */
    public boolean awaitClosed(java.time.Duration timeout) throws InterruptedException {
        return run.awaitClosed(timeout);
    }

    /** Stops whatever still runs (services, child process, proxies, receiver, journal) and waits for it. */
    @Override
    public void close() {
        run.close();
    }

    public static final class Builder {
        Path workdir;
        Optional<Path> intents = Optional.empty();
        DemoListener listener = DemoListener.NONE;
        DemoTimings timings = DemoTimings.DEMO;
        boolean keepRunning;
        Clock clock = Clock.systemUTC();
        Shop.Builder shop = Shop.builder();
        dev.assay.model.Safety systemSafety = dev.assay.model.Safety.NONE;
        String systemSafetySource = "";

        private Builder() {
        }

        /** Where the journal, the report and the bundled intents go (created if needed). */
        public Builder workdir(Path dir) {
            this.workdir = requireNonNull(dir, "workdir");
            return this;
        }

        /** A directory of intents (and {@code shop-v1.topology.json}) to use instead of the bundled ones. */
        public Builder intents(Path dir) {
            this.intents = Optional.of(dir);
            return this;
        }

        /**
         * The safety defaults of a system file ({@code assay.yaml}'s {@code spec.safety}): they bind every demo intent,
         * merged with the intent's own (the stricter wins, {@code SystemSafety}), and constrain the generated candidates.
         */
        public Builder systemSafety(dev.assay.model.Safety safety, String source) {
            this.systemSafety = requireNonNull(safety, "safety");
            this.systemSafetySource = requireNonNull(source, "source");
            return this;
        }

        public Builder listener(DemoListener listener) {
            this.listener = requireNonNull(listener, "listener");
            return this;
        }

        public Builder timings(DemoTimings timings) {
            this.timings = requireNonNull(timings, "timings");
            return this;
        }

        /** Leave the shop, proxies and load running after the summary, until {@link Demo#close()}. */
        public Builder keepRunning(boolean keep) {
            this.keepRunning = keep;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /** How the shop is started (e.g. the java binary and class path of its child process). */
        public Builder shop(Shop.Builder shop) {
            this.shop = requireNonNull(shop, "shop");
            return this;
        }

        public Demo build() {
            requireNonNull(workdir, "workdir");
            return new Demo(new DemoRun(this));
        }
    }
}
