package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.assay.proxy.FaultProxy;
import dev.assay.proxy.ProxySpec;
import dev.assay.testkit.ChildJvms;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.LeaseExpiries;
import dev.assay.testkit.PrometheusServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * What the process tests of {@code run} and {@code serve} share ({@link RunSignalsTest}, {@link ServeSignalsTest},
 * {@link RunSafetyTest}): a real loopback service answering "ok", the system file of a checkout behind the fault
 * proxy with an SLI read from a real Prometheus, and the wait until Prometheus has seen traffic through the proxy.
 * {@link #start} puts it all together for the signal tests: the service behind an in-process proxy named
 * {@value #PROXY}, Prometheus scraping the proxy, the system file, a journal path and the child JVMs, warmed up.
 */
final class CheckoutRig implements AutoCloseable {
    /** The proxy in front of the service, and the one the intent injects into. */
    static final String PROXY = "productcatalog";
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private HttpServer upstream;
    private FaultProxy proxy;
    private PrometheusServer prometheus;
    private ChildJvms children;
    private int listen;
    private Path system;
    private Path journal;

    private CheckoutRig() {
    }

    /** The whole rig in {@code dir}, warmed up; whatever started is stopped again if a later step fails. */
    static CheckoutRig start(Path dir) throws IOException, InterruptedException {
        CheckoutRig rig = new CheckoutRig();
        try {
            rig.upstream = okUpstream();
            rig.proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
            rig.listen = FreePorts.next();
            rig.proxy.createProxy(new ProxySpec(PROXY, "127.0.0.1:" + rig.listen, "127.0.0.1:" + rig.upstream.getAddress().getPort(), true, ProxySpec.Mode.HTTP));
            rig.prometheus = PrometheusServer.start("127.0.0.1:" + rig.proxy.apiAddress().getPort(), Duration.ofMillis(500));
            rig.system = dir.resolve("assay.yaml");
            Files.writeString(rig.system, systemYaml(rig.prometheus.baseUri(), rig.proxy.apiAddress().getPort(), ""));
            rig.journal = dir.resolve("journal.db");
            rig.children = ChildJvms.of(dir, Assay.class);
            warmUp(rig.prometheus, rig.listen, Duration.ofSeconds(60));
            return rig;
        } catch (IOException | InterruptedException | RuntimeException e) {
            rig.close();
            throw e;
        }
    }

    Path journal() {
        return journal;
    }

    ChildJvms children() {
        return children;
    }

    /**
     * The arguments of {@code assay <command>} against this rig: the checkout intent, probed through the proxy, with
     * the short lease and guard period the signal tests need, then {@code extra}.
     */
    List<String> args(String command, String... extra) throws URISyntaxException {
        Path intent = Path.of(CheckoutRig.class.getResource("run/checkout-tolerates-slow-catalog.intent.yaml").toURI());
        List<String> args = new ArrayList<>(List.of(command, "--system", system.toString(),
                "--topology", ROOT.resolve("examples/topologies/online-boutique.topology.json").toString(), "--intents", intent.toString(),
                "--journal", journal.toString(), "--probe", "checkout=http://127.0.0.1:" + listen + "/", "--probe-rate", "100",
                "--baseline", "1s", "--level-duration", "60s", "--lease-ttl", LEASE_TTL.toSeconds() + "s", "--guard-period", "100ms"));
        args.addAll(List.of(extra));
        return args;
    }

    /** How many faults are injected on {@value #PROXY} now. */
    int toxics() {
        return proxy.proxy(PROXY).orElseThrow().toxics().size();
    }

    /** Waits until {@code child} has injected its one fault (or died, which fails). */
    void awaitInjection(ChildJvms.Child child) throws InterruptedException {
        ChildJvms.await(() -> toxics() > 0 || !child.alive(), ChildJvms.GENEROUS, () -> "the child injected nothing: " + child.err());
        assertThat(toxics()).as("the child injected (stdout: %s stderr: %s)", child.out(), child.err()).isEqualTo(1);
    }

    @Override
    public void close() {
        if (children != null) children.close();
        if (prometheus != null) prometheus.close();
        if (proxy != null) proxy.close();
        if (upstream != null) upstream.stop(0);
    }

    /** A loopback HTTP service that answers every request with 200 "ok". */
    static HttpServer okUpstream() throws IOException {
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/", ex -> {
            ex.sendResponseHeaders(200, 2);
            ex.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            ex.close();
        });
        upstream.start();
        return upstream;
    }

    /** The system file: Prometheus at {@code prometheus}, the proxy's API on {@code proxyApi}, then {@code extra} (YAML under spec). */
    static String systemYaml(URI prometheus, int proxyApi, String extra) {
        return """
                apiVersion: assay/v1
                kind: System
                metadata: {name: boutique}
                spec:
                  telemetry:
                    - kind: prometheus
                      url: %s
                  slis:
                    - name: checkout.errors.rate
                      prometheus: (sum(rate(assay_proxy_http_errors_total[$window])) or vector(0)) / sum(rate(assay_proxy_http_requests_total[$window]))
                  slos:
                    - {name: checkout-availability, sli: checkout.errors.rate, objective: 99%%, window: 30d}
                  injectors:
                    - type: proxy
                      url: http://127.0.0.1:%d
                %s""".formatted(prometheus, proxyApi, extra);
    }

    /** Traffic through the proxy on {@code listen} until Prometheus has a request rate (so the error budget can be read). */
    static void warmUp(PrometheusServer prometheus, int listen, Duration deadlineAfter) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String q = URLEncoder.encode("sum(rate(assay_proxy_http_requests_total[1m]))", StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + deadlineAfter.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 5; i++) {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listen + "/")).build(), HttpResponse.BodyHandlers.discarding());
            }
            String body = http.send(HttpRequest.newBuilder(URI.create(prometheus.baseUri() + "/api/v1/query?query=" + q)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"value\"")) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException("Prometheus never saw traffic through the proxy");
    }

    /**
     * The {@code --lease-ttl} the process tests pass: short, but with room on a loaded machine between creating a lease
     * and adding its fault, and between heartbeats.
     */
    static final Duration LEASE_TTL = Duration.ofSeconds(3);

    /**
     * A renewal the child sent before it was killed may reach the proxy after the kill (late on a loaded machine):
     * the lease may end this much past kill + TTL. Well below the 10 s default TTL, so a lost {@code --lease-ttl} fails.
     */
    static final Duration RENEWAL_IN_FLIGHT = Duration.ofSeconds(4);

    /** The lease the single fault on {@value #PROXY} hangs on (a fault without one fails the test). */
    private String lease() {
        var toxics = proxy.proxy(PROXY).orElseThrow().toxics();
        assertThat(toxics).as("one fault injected on " + PROXY).hasSize(1);
        return toxics.get(0).lease().orElseThrow(() -> new AssertionError("the fault on " + PROXY + " has no lease: " + toxics));
    }

    /**
     * The proxy expired {@code lease} unrenewed and removed the fault on {@value #PROXY} with it, and (on the proxy's
     * own clock) the lease ended within its TTL of {@code killed}. Waits for the expiry with a generous deadline: how
     * late a loaded machine runs the proxy's sweep is not what this proves; that the owner's death ends the lease is.
     */
    private static void assertExpiredWithItsLease(LeaseExpiries expiries, String lease, Instant killed) throws InterruptedException {
        LeaseExpiries.Expiry e = expiries.await(lease, ChildJvms.GENEROUS);
        assertThat(e.faults()).as("the faults removed with lease " + lease).singleElement().asString().startsWith(PROXY + "/");
        assertThat(Duration.between(killed, e.expiresAt()))
                .as("lease expiry (proxy clock) after the SIGKILL: at most the TTL, plus a renewal still in flight")
                .isLessThanOrEqualTo(LEASE_TTL.plus(RENEWAL_IN_FLIGHT));
    }

    /**
     * SIGKILLs {@code child} while it holds the one fault on {@value #PROXY}, then asserts the proxy ended that fault
     * with its lease ({@link #assertExpiredWithItsLease}) and nothing is left injected there.
     */
    void sigkillAndAssertTheFaultEndsWithItsLease(ChildJvms.Child child) throws InterruptedException {
        try (LeaseExpiries expiries = LeaseExpiries.record()) {
            String lease = lease();
            Instant killed = Instant.now();
            child.kill(); // SIGKILL: no handler runs
            assertThat(child.exits(ChildJvms.GENEROUS)).isTrue();
            assertExpiredWithItsLease(expiries, lease, killed);
            assertThat(toxics()).isZero();
        }
    }
}
