package dev.assay.cli;

import dev.assay.format.SystemFormat;
import dev.assay.model.InjectorConfig;
import dev.assay.model.InvalidInputException;
import dev.assay.proxy.ConnectionLimits;
import dev.assay.model.SystemConfig;
import dev.assay.proxy.FaultProxy;
import dev.assay.proxy.FaultProxyException;
import dev.assay.proxy.ProxyConfig;
import dev.assay.proxy.ProxySpec;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay proxy}: runs the fault proxy (Toxiproxy-compatible API) until SIGINT/SIGTERM. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = {"Run Assay's fault proxy: TCP/HTTP toxics behind a Toxiproxy-compatible REST API, with leases and /metrics.",
                "Stops on SIGINT/SIGTERM after removing every toxic."})
final class ProxyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--api-listen", paramLabel = "HOST:PORT",
            description = "Admin API address (default: 127.0.0.1:8474, or the --system file's proxy injector; loopback only).")
    String apiListen;

    @Option(names = "--system", paramLabel = "FILE", description = "Start the proxies a system file (assay.yaml, as assay init writes it) describes:"
            + " its proxy injector's address, and the proxies file its options name (options: {proxies: proxies.json}).")
    Path system;

    @Option(names = "--config", paramLabel = "FILE", description = "Toxiproxy populate file: a JSON array of proxies to create at start.")
    Path config;

    @Option(names = "--token", paramLabel = "T", description = {"Require 'Authorization: Bearer T' on every admin API request.",
            "Required when --api-listen is not a loopback address."})
    String token;

    @Option(names = "--allow-upstream", paramLabel = "HOST:PORT", split = ",",
            description = {"Upstreams allowed besides loopback: HOST:PORT, HOST:* (any port) or * (any host).",
                    "Default: loopback only. Link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10) are never allowed."})
    List<String> allowUpstreams = List.of();

    @Option(names = "--max-ttl", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Longest lease or toxic ttl the API grants; longer asks get a 400 (renew instead). Default: ${DEFAULT-VALUE}.")
    double maxTtlSeconds;

    @Option(names = "--client-idle-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Close a client connection idle this long (HTTP mode: between requests). Per proxy: client_idle_timeout. Default: ${DEFAULT-VALUE}.")
    double clientIdleSeconds;

    @Option(names = "--upstream-idle-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Close an upstream connection silent this long (HTTP mode: a waiting request gets 504). Per proxy: upstream_idle_timeout. Default: ${DEFAULT-VALUE}.")
    double upstreamIdleSeconds;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1024",
            description = "Client connections one proxy holds at once; more are closed at once, with a log line. Per proxy: max_connections. Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--history-file", paramLabel = "FILE",
            description = {"Keep the proxies' counter history (GET /history: 10 s buckets for 6 h, 5 min buckets for 30 d) in this SQLite file,",
                    "so it survives restarts; created if missing. Default: in memory only."})
    Path historyFile;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (system != null) fromSystem();
        if (apiListen == null) apiListen = "127.0.0.1:8474";
        List<ProxySpec> proxies = config == null ? List.of() : ProxyConfig.read(config);
        FaultProxy.Builder builder = FaultProxy.builder();
        try {
            builder.allowUpstreams(allowUpstreams);
        } catch (FaultProxyException e) {
            throw new InvalidInputException("--allow-upstream: " + e.getMessage());
        }
        if (!(maxTtlSeconds >= 1) || maxTtlSeconds > 7 * 86_400) {
            throw new InvalidInputException("--max-ttl " + maxTtlSeconds + ": must be a number of seconds between 1 and 604800 (a week)");
        }
        builder.maxTtl(Duration.ofMillis(Math.round(maxTtlSeconds * 1000)));
        try {
            builder.limits(ConnectionLimits.of(idle(clientIdleSeconds, "--client-idle-timeout"), idle(upstreamIdleSeconds, "--upstream-idle-timeout"),
                    maxConnections));
        } catch (FaultProxyException e) {
            throw new InvalidInputException("--max-connections " + maxConnections + ": " + e.getMessage());
        }
        FaultProxy proxy;
        try {
            builder.apiListen(apiListen);
            if (token != null) builder.token(token);
            if (historyFile != null) builder.historyFile(historyFile);
            proxy = builder.build();
        } catch (FaultProxyException | IllegalArgumentException e) {
            if (historyFile != null && e.getMessage().contains("counter history")) throw new InvalidInputException("--history-file: " + e.getMessage());
            throw new InvalidInputException("--api-listen " + apiListen + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            int toxics = proxy.proxies().stream().mapToInt(p -> p.toxics().size()).sum();
            proxy.close();
            out.println("assay proxy: stopped; removed " + toxics + " toxic(s), no fault left behind");
            out.flush();
            stopped.countDown();
        }, "assay-proxy-shutdown");
        try {
            if (!proxies.isEmpty()) {
                proxy.populate(proxies).forEach(p -> out.println("proxy " + p.spec().name() + ": " + p.spec().listen() + " -> "
                        + p.spec().upstream() + (p.spec().enabled() ? "" : " (disabled)")));
            }
        } catch (FaultProxyException e) {
            proxy.close();
            throw new InvalidInputException((config == null ? "" : config + ": ") + e.getMessage());
        }
        out.println("assay proxy: admin API on http://" + hostPort(proxy) + " (Toxiproxy-compatible; /metrics for Prometheus)");
        out.flush();
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return ExitCode.OK;
    }

    private static Duration idle(double seconds, String option) {
        if (!(seconds > 0) || seconds > 86_400) {
            throw new InvalidInputException(option + " " + seconds + ": must be a number of seconds between 0.001 and 86400");
        }
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }

    /** The admin address and proxies file from the system file's proxy injector. */
    private void fromSystem() {
        if (config != null) throw new InvalidInputException("--system names the proxies file already (its proxy injector's options.proxies); drop --config");
        SystemConfig sys = SystemFormat.read(system);
        InjectorConfig injector = sys.injectors().stream().filter(i -> i.type().equalsIgnoreCase("proxy")).findFirst()
                .orElseThrow(() -> new InvalidInputException(system + ": spec.injectors has no injector of type proxy; add one "
                        + "(- type: proxy, url: http://127.0.0.1:8474, options: {proxies: proxies.json}) or run assay init"));
        URI url = URI.create(injector.address());
        if (url.getHost() == null || url.getPort() < 0) {
            throw new InvalidInputException(system + ": the proxy injector's url must name a host and port, e.g. http://127.0.0.1:8474; got " + injector.address());
        }
        if (apiListen == null) apiListen = url.getHost() + ":" + url.getPort();
        String file = injector.options().get("proxies");
        if (file == null) {
            throw new InvalidInputException(system + ": the proxy injector names no proxies file; add options: {proxies: proxies.json} (assay init writes both)");
        }
        Path base = system.toAbsolutePath().getParent();
        config = base == null ? Path.of(file) : base.resolve(file);
    }

    private static String hostPort(FaultProxy proxy) {
        var a = proxy.apiAddress();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
