package dev.assay.proxy;

import dev.assay.spi.Lease;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Assay's fault proxy: named listen-to-upstream proxies with Toxiproxy-compatible toxics, HTTP faults with
 * faulted/control cohorts, leases that remove faults nobody renews, and Prometheus metrics. The same
 * operations are served by the Toxiproxy REST API on {@link #apiAddress()}.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:8474").build()) {
 *     proxy.createProxy(ProxySpec.tcp("redis", "127.0.0.1:26379", "127.0.0.1:6379"));
 *     proxy.addToxic("redis", ToxicSpec.of("latency", Stream.DOWNSTREAM, Map.of("latency", 100)).withTtl(Duration.ofSeconds(30)));
 * }
 * }</pre>
 * Closing removes every toxic first, then stops listening: a closed proxy leaves no fault behind.
 */
public interface FaultProxy extends AutoCloseable {
    /** The version reported on {@code GET /version} (the Toxiproxy API level it follows, plus Assay's). */
    String VERSION = "2.12.0-assay";

    static Builder builder() {
        return new Builder();
    }

    /** Where the admin (Toxiproxy REST) API listens. */
    InetSocketAddress apiAddress();

    /** Creates and (if enabled) starts a proxy; returns it with its actual listen address. */
    ProxyStatus createProxy(ProxySpec spec);

    /** Creates or replaces proxies, Toxiproxy's {@code POST /populate}: unchanged ones are kept as they are. */
    List<ProxyStatus> populate(List<ProxySpec> specs);

    List<ProxyStatus> proxies();

    Optional<ProxyStatus> proxy(String name);

    /** Changes listen, upstream or enabled; {@code enabled=false} refuses new connections and closes live ones. */
    ProxyStatus updateProxy(ProxySpec spec);

    void deleteProxy(String name);

    ToxicSpec addToxic(String proxy, ToxicSpec toxic);

    ToxicSpec updateToxic(String proxy, ToxicSpec toxic);

    void removeToxic(String proxy, String toxic);

    /** Toxiproxy's {@code POST /reset}: enables every proxy and removes every toxic. */
    void reset();

    /** A lease for toxics to hang on ({@code "lease": id}); unrenewed past its TTL, its toxics are removed. */
    Lease createLease(Duration ttl);

    Lease renewLease(String id, Optional<Duration> ttl);

    /** Ends a lease now and removes its toxics, as its owner ({@code DELETE /leases/{id}}); not an expiry. */
    void releaseLease(String id);

    /** The metrics in Prometheus text format, as served on {@code GET /metrics}. */
    String metrics();

    /** Removes every toxic, closes every proxy and the admin API. */
    @Override
    void close();

    /** A proxy and its toxics, as {@code GET /proxies/{name}} shows it. */
    record ProxyStatus(ProxySpec spec, List<ToxicSpec> toxics) {
        public ProxyStatus {
            java.util.Objects.requireNonNull(spec, "spec");
            toxics = List.copyOf(toxics);
        }
    }

    /** Configures and starts a {@link FaultProxy}. */
    final class Builder {
        String apiListen = "127.0.0.1:8474";
        Clock clock = Clock.systemUTC();
        Optional<String> token = Optional.empty();
        List<String> allowedUpstreams = List.of();
        List<String> services = List.of();
        int workerThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        Duration sweepInterval = Duration.ofMillis(100);
        ConnectionLimits limits = ConnectionLimits.DEFAULTS;
        Duration maxTtl = Duration.ofHours(1);
        java.util.OptionalInt processConnections = java.util.OptionalInt.empty();
        Optional<java.nio.file.Path> historyFile = Optional.empty();
        java.util.Map<String, String> declaredServices = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> callerSources = new java.util.LinkedHashMap<>();

        Builder() {
        }

        /** The admin API address, loopback by default ({@code 127.0.0.1:8474}); port 0 picks a free one. */
        public Builder apiListen(String hostPort) {
            Addresses.parse(hostPort, "api listen");
            this.apiListen = hostPort;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = java.util.Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Require {@code Authorization: Bearer <token>} on every admin API request. */
        public Builder token(String t) {
            if (t.isBlank()) throw new IllegalArgumentException("token must not be blank");
            this.token = Optional.of(t);
            return this;
        }

        /**
         * Upstreams allowed besides loopback (always allowed): {@code host:port}, {@code host:*} for any port of
         * a host, {@code *} for any host. Link-local and cloud metadata addresses stay refused whatever is given.
         */
        public Builder allowUpstreams(List<String> patterns) {
            UpstreamPolicy.of(patterns, List.of());
            this.allowedUpstreams = List.copyOf(patterns);
            return this;
        }

        /** The system's declared services: upstreams with these host names are allowed on any port. */
        public Builder allowServices(java.util.Collection<String> hosts) {
            this.services = List.copyOf(hosts);
            return this;
        }

        public Builder workerThreads(int n) {
            if (n < 1) throw new IllegalArgumentException("workerThreads must be >= 1");
            this.workerThreads = n;
            return this;
        }

        /** The longest lease or toxic TTL the API grants (default 1 h): longer is refused with a 400, renew instead. */
        public Builder maxTtl(Duration d) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("maxTtl must be positive");
            this.maxTtl = d;
            return this;
        }

        /**
         * Keeps the counter history (10 s buckets for 6 h, 5 min buckets for 30 d) in this SQLite file, so it
         * survives restarts; without it the history lives in memory only.
         */
        public Builder historyFile(java.nio.file.Path file) {
            this.historyFile = Optional.of(file);
            return this;
        }

        /**
         * Idle timeouts and the connection cap of every proxy that does not set its own ({@link ConnectionLimits}):
         * empty fields keep the defaults (60 s, 60 s, 1024).
         */
        public Builder limits(ConnectionLimits l) {
            this.limits = l.over(ConnectionLimits.DEFAULTS);
            return this;
        }

        /**
         * Connections all proxies together may hold. By default derived from the descriptor limit, keeping
         * {@value ProcessBudget#RESERVED} descriptors for the admin API and the JVM.
         */
        public Builder processConnections(int n) {
            if (n < 1) throw new IllegalArgumentException("processConnections must be >= 1");
            this.processConnections = java.util.OptionalInt.of(n);
            return this;
        }

        /**
         * Declares that service {@code name} listens on {@code hostPort}: a local process listening there is
         * named {@code name} when it calls through a proxy. Every proxy's upstream is declared too, under the
         * proxy's name; a declaration here wins.
         */
        public Builder service(String name, String hostPort) {
            Addresses.parse(hostPort, "service " + name + " address");
            declaredServices.put(name, hostPort);
            return this;
        }

        /** Declares that connections from {@code ip} (a remote host) come from service {@code name}. */
        public Builder callerAddress(String ip, String name) {
            callerSources.put(ip, name);
            return this;
        }

        /** Starts the admin API; fails with a 409 {@link FaultProxyException} if its address is in use. */
        public FaultProxy build() {
            return Engine.start(this);
        }
    }
}
