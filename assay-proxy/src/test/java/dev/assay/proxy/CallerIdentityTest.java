package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.testkit.PythonCaller;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The proxy names each caller from the process that owns the client socket: real caller processes (python3
 * HTTP servers in their own processes) call a real upstream through an HTTP-mode proxy.
 */
class CallerIdentityTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Creates the proxy and waits for the scan of the services' processes that its creation asks for. */
    private static String create(FaultProxy proxy, ProxySpec spec) throws InterruptedException {
        String listen = proxy.createProxy(spec).spec().listen();
        assertThat(((Engine) proxy).awaitCallerScan()).isTrue();
        return listen;
    }

    private static void ask(PythonCaller caller, String target, int n) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + caller.address() + "/call?n=" + n + "&target="
                + java.net.URLEncoder.encode("http://" + target + "/telemetry/x", StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private static void awaitMetric(FaultProxy proxy, String line) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(30);
        while (!proxy.metrics().contains(line) && Instant.now().isBefore(until)) Thread.sleep(20);
        assertThat(proxy.metrics()).contains(line);
    }

    @Test
    void eachLocalCallerIsNamedAfterTheDeclaredServiceItsProcessListensOn() throws Exception {
        try (HttpUpstream telemetry = new HttpUpstream(); PythonCaller profile = PythonCaller.start(); PythonCaller gateway = PythonCaller.start();
             FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0")
                     .service("user-profile", profile.address()).service("api-gateway", gateway.address()).build()) {
            String listen = create(proxy, new ProxySpec("telemetry", "127.0.0.1:0", telemetry.address(), true, ProxySpec.Mode.HTTP));
            ask(profile, listen, 3);
            ask(gateway, listen, 2);
            awaitMetric(proxy, "assay_proxy_http_requests_total{proxy=\"telemetry\",callee=\"telemetry\",caller=\"user-profile\",cohort=\"control\",route=\"/telemetry\",status_class=\"2xx\"} 3");
            awaitMetric(proxy, "assay_proxy_http_requests_total{proxy=\"telemetry\",callee=\"telemetry\",caller=\"api-gateway\",cohort=\"control\",route=\"/telemetry\",status_class=\"2xx\"} 2");
            awaitMetric(proxy, "assay_proxy_caller_connections_total{proxy=\"telemetry\",callee=\"telemetry\",caller=\"user-profile\"} 3");
        }
    }

    @Test
    void aCallerWhoseProcessListensOnNoDeclaredAddressIsUnknown() throws Exception {
        try (HttpUpstream telemetry = new HttpUpstream(); PythonCaller stranger = PythonCaller.start();
             FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build()) {
            String listen = create(proxy, new ProxySpec("telemetry", "127.0.0.1:0", telemetry.address(), true, ProxySpec.Mode.HTTP));
            ask(stranger, listen, 2);
            awaitMetric(proxy, "caller=\"unknown\",cohort=\"control\",route=\"/telemetry\",status_class=\"2xx\"} 2");
            assertThat(proxy.metrics()).doesNotContain("caller=\"telemetry\",cohort=\"control\",route=\"/telemetry\"");
        }
    }

    @Test
    void aProxysUpstreamIsADeclaredServiceUnderTheProxysName() throws Exception {
        try (HttpUpstream telemetry = new HttpUpstream(); PythonCaller profile = PythonCaller.start();
             FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build()) {
            proxy.createProxy(new ProxySpec("user-profile", "127.0.0.1:0", profile.address(), true, ProxySpec.Mode.HTTP));
            String listen = create(proxy, new ProxySpec("telemetry", "127.0.0.1:0", telemetry.address(), true, ProxySpec.Mode.HTTP));
            ask(profile, listen, 1);
            awaitMetric(proxy, "assay_proxy_http_requests_total{proxy=\"telemetry\",callee=\"telemetry\",caller=\"user-profile\",cohort=\"control\",route=\"/telemetry\",status_class=\"2xx\"} 1");
        }
    }

    @Test
    void aDeclaredSourceAddressNamesARemoteCaller() throws Exception {
        try (HttpUpstream telemetry = new HttpUpstream();
             FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").callerAddress("127.0.0.2", "batch-job").build()) {
            String listen = create(proxy, new ProxySpec("telemetry", "127.0.0.1:0", telemetry.address(), true, ProxySpec.Mode.HTTP));
            int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress("127.0.0.2", 0));
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET /batch HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
            } catch (IOException e) {
                throw new AssertionError("127.0.0.2 is loopback on Linux; the test needs it", e);
            }
            awaitMetric(proxy, "caller=\"batch-job\",cohort=\"control\",route=\"/batch\",status_class=\"2xx\"} 1");
        }
    }
}
