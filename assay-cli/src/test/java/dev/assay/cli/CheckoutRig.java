package dev.assay.cli;

import com.sun.net.httpserver.HttpServer;
import dev.assay.proxy.FaultProxy;
import dev.assay.testkit.ChildJvms;
import dev.assay.testkit.LeaseExpiries;
import dev.assay.testkit.PrometheusServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;

/**
 * What the process tests of {@code run} and {@code serve} share ({@link RunSignalsTest}, {@link ServeSignalsTest},
 * {@link RunSafetyTest}): a real loopback service answering "ok", the system file of a checkout behind the fault
 * proxy with an SLI read from a real Prometheus, and the wait until Prometheus has seen traffic through the proxy.
 */
final class CheckoutRig {
    private CheckoutRig() {
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

    /** The lease the single fault on {@code proxyName} hangs on (a fault without one fails the test). */
    static String leaseOf(FaultProxy proxy, String proxyName) {
        var toxics = proxy.proxy(proxyName).orElseThrow().toxics();
        org.assertj.core.api.Assertions.assertThat(toxics).as("one fault injected on " + proxyName).hasSize(1);
        return toxics.get(0).lease().orElseThrow(() -> new AssertionError("the fault on " + proxyName + " has no lease: " + toxics));
    }

    /**
     * The proxy expired {@code lease} unrenewed and removed the fault on {@code proxyName} with it, and (on the proxy's
     * own clock) the lease ended within its TTL of {@code killed}. Waits for the expiry with a generous deadline: how
     * late a loaded machine runs the proxy's sweep is not what this proves; that the owner's death ends the lease is.
     */
    static void assertExpiredWithItsLease(LeaseExpiries expiries, String lease, Instant killed, String proxyName) throws InterruptedException {
        LeaseExpiries.Expiry e = expiries.await(lease, ChildJvms.GENEROUS);
        org.assertj.core.api.Assertions.assertThat(e.faults()).as("the faults removed with lease " + lease).singleElement().asString().startsWith(proxyName + "/");
        org.assertj.core.api.Assertions.assertThat(Duration.between(killed, e.expiresAt()))
                .as("lease expiry (proxy clock) after the SIGKILL: at most the TTL, plus a renewal still in flight")
                .isLessThanOrEqualTo(LEASE_TTL.plus(RENEWAL_IN_FLIGHT));
    }

    /**
     * SIGKILLs {@code child} while it holds the one fault on {@code proxyName}, then asserts the proxy ended that fault
     * with its lease ({@link #assertExpiredWithItsLease}) and nothing is left injected there.
     */
    static void sigkillAndAssertTheFaultEndsWithItsLease(ChildJvms.Child child, FaultProxy proxy, String proxyName) throws InterruptedException {
        try (LeaseExpiries expiries = LeaseExpiries.record()) {
            String lease = leaseOf(proxy, proxyName);
            Instant killed = Instant.now();
            child.kill(); // SIGKILL: no handler runs
            org.assertj.core.api.Assertions.assertThat(child.exits(ChildJvms.GENEROUS)).isTrue();
            assertExpiredWithItsLease(expiries, lease, killed, proxyName);
            org.assertj.core.api.Assertions.assertThat(proxy.proxy(proxyName).orElseThrow().toxics()).isEmpty();
        }
    }
}
