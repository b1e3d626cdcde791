package dev.assay.demo;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The demo shop: twelve real HTTP services on loopback (ten in this JVM on virtual threads, the LLM stub
 * {@code llm} in this JVM too, {@code email} as a separate OS process), each calling its downstreams through addresses that can be re-routed through a fault
 * proxy at run time. Every service exposes {@code /metrics} and {@code /health} and sends OTLP traces.
 * The resilience mechanisms planted in it are described by {@link PlantedTruth}.
 */
public interface Shop extends AutoCloseable {
    /** Every service, in a stable order: the ten in-process ones, then {@code llm}, then {@code email}. */
    List<String> services();

    /** Where {@code service} itself listens (not a proxy in front of it). */
    InetSocketAddress address(String service);

    /** Where callers currently reach {@code service}: its own address, or the proxy it was routed through. */
    InetSocketAddress route(String service);

    /** From now on every caller reaches {@code service} at {@code via} (a fault proxy listening for it). */
    void routeThrough(String service, InetSocketAddress via);

    /** The shop's entry point, where users (and the load generator) send requests. */
    default URI frontend() {
        InetSocketAddress a = address("frontend");
        return URI.create("http://127.0.0.1:" + a.getPort());
    }

    /** The OS process of a service that runs separately ({@code email}); empty for in-process services. */
    Optional<ProcessHandle> process(String service);

    /** Stops every service and the separate process; idempotent. */
    @Override
    void close();

    static Builder builder() {
        return new Builder();
    }

    /** Configures and starts a shop. Defaults: system clock, no trace export, email in a child JVM. */
    final class Builder {
        Clock clock = Clock.systemUTC();
        Optional<URI> otlpEndpoint = Optional.empty();
        Duration traceFlush = Duration.ofMillis(250);
        String javaBinary = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classPath = System.getProperty("java.class.path");
        Duration processStartTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder clock(Clock clock) {
            this.clock = java.util.Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The OTLP/HTTP traces endpoint, e.g. {@code http://127.0.0.1:4318/v1/traces}. */
        public Builder otlpEndpoint(URI endpoint) {
            this.otlpEndpoint = Optional.of(endpoint);
            return this;
        }

        public Builder traceFlush(Duration every) {
            this.traceFlush = every;
            return this;
        }

        /** The java binary for the separate process (default: the one running this JVM). */
        public Builder javaBinary(String javaBinary) {
            this.javaBinary = javaBinary;
            return this;
        }

        public Builder classPath(String classPath) {
            this.classPath = classPath;
            return this;
        }

        public Builder processStartTimeout(Duration timeout) {
            this.processStartTimeout = timeout;
            return this;
        }

        /** Starts all services; on any failure, whatever was started is stopped again. */
        public Shop start() {
            return RunningShop.start(this);
        }
    }
}
