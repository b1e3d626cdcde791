package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a web page, a remote caller or a careless request may not do to the admin API. */
class AdminSecurityTest {
    private FaultProxy proxy;
    private int port;

    @BeforeEach
    void start() {
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        port = proxy.apiAddress().getPort();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return Wire.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String PROXY = "{\"name\":\"p\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:6379\"}";

    @Test
    void aForeignOriginIs403AndCreatesNothing() throws Exception {
        var r = send("POST", "/proxies", PROXY, "Origin", "http://evil.example", "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("Origin 'http://evil.example' is not this API's own origin");
        assertThat(send("GET", "/proxies", null, "Origin", "null").statusCode()).isEqualTo(403);
        assertThat(proxy.proxies()).isEmpty();
    }

    @Test
    void theApisOwnOriginAndNoOriginAreAccepted() throws Exception {
        assertThat(send("POST", "/proxies", PROXY, "Origin", "http://127.0.0.1:" + port, "Content-Type", "application/json").statusCode())
                .isEqualTo(201);
        assertThat(send("GET", "/proxies/p", null).statusCode()).isEqualTo(200);
    }

    @Test
    void browserSimpleRequestContentTypesAre415OnWrites() throws Exception {
        String own = "http://127.0.0.1:" + port;
        for (String type : List.of("text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            var r = send("POST", "/proxies", PROXY, "Content-Type", type, "Origin", own);
            assertThat(r.statusCode()).as(type).isEqualTo(415);
            assertThat(r.body()).contains("application/json");
            assertThat(send("POST", "/proxies", PROXY, "Content-Type", type, "Sec-Fetch-Mode", "no-cors").statusCode()).as(type).isEqualTo(415);
        }
        assertThat(send("POST", "/proxies", PROXY, "Content-Type", "text/plain").statusCode()).isEqualTo(415);
        assertThat(send("POST", "/proxies", PROXY, "Content-Type", "multipart/form-data; boundary=x").statusCode()).isEqualTo(415);
        assertThat(send("POST", "/reset", "", "Content-Type", "text/plain").statusCode()).isEqualTo(415);
        assertThat(proxy.proxies()).isEmpty();
        assertThat(send("POST", "/proxies", PROXY, "Content-Type", "application/json; charset=utf-8").statusCode()).isEqualTo(201);
    }

    @Test
    void formLabelledJsonFromANonBrowserClientIsAcceptedForToxiproxyJavaAndCurl() throws Exception {
        // toxiproxy-java (HttpURLConnection) and `curl -d` send JSON as application/x-www-form-urlencoded, with no Origin.
        assertThat(send("POST", "/proxies", PROXY, "Content-Type", "application/x-www-form-urlencoded").statusCode()).isEqualTo(201);
    }

    @Test
    void aForeignHostHeaderOnTheLoopbackApiIs403AgainstDnsRebinding() throws Exception {
        try (Socket s = Wire.connect("127.0.0.1:" + port)) {
            s.getOutputStream().write(("GET /proxies HTTP/1.1\r\nHost: rebound.example:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(head(s.getInputStream())).startsWith("HTTP/1.1 403");
        }
        assertThat(BrowserGuard.loopbackHost("localhost:8474")).isTrue();
        assertThat(BrowserGuard.loopbackHost("[::1]:8474")).isTrue();
        assertThat(BrowserGuard.loopbackHost("127.0.0.1")).isTrue();
        assertThat(BrowserGuard.loopbackHost("127.0.0.1.evil.example")).isFalse();
    }

    private static String head(InputStream in) throws IOException {
        return new String(in.readNBytes(12), StandardCharsets.US_ASCII);
    }

    @Test
    void aNonLoopbackApiAddressNeedsAToken() {
        assertThatThrownBy(() -> FaultProxy.builder().apiListen("0.0.0.0:0").build()).isInstanceOf(FaultProxyException.class)
                .hasMessageContaining("not loopback").hasMessageContaining("--token");
        try (FaultProxy withToken = FaultProxy.builder().apiListen("0.0.0.0:0").token("s3cret").build()) {
            assertThat(withToken.apiAddress().getPort()).isPositive();
        }
    }

    @Test
    void leaseAndToxicTtlsAreCappedByMaxTtl() throws Exception {
        var r = send("POST", "/leases", "{\"ttl\":7200}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("lease ttl 7200s is longer than this proxy allows (--max-ttl 3600s)");
        var ok = send("POST", "/leases", "{\"ttl\":60}");
        assertThat(ok.statusCode()).isEqualTo(201);
        String id = ApiJson.MAPPER.readTree(ok.body()).get("id").asText();
        assertThat(send("POST", "/leases/" + id + "/renew", "{\"ttl\":3601}").statusCode()).isEqualTo(400);
        proxy.createProxy(ProxySpec.tcp("p", "127.0.0.1:0", "127.0.0.1:6379"));
        assertThat(send("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"ttl\":1e12,\"attributes\":{\"latency\":1}}").body())
                .contains("toxic ttl").contains("--max-ttl");
        try (FaultProxy shorter = FaultProxy.builder().apiListen("127.0.0.1:0").maxTtl(Duration.ofSeconds(30)).build()) {
            assertThatThrownBy(() -> shorter.createLease(Duration.ofSeconds(31))).hasMessageContaining("--max-ttl 30s");
        }
    }

    @Test
    void upstreamsDefaultToLoopback() throws Exception {
        var r = send("POST", "/proxies", "{\"name\":\"x\",\"upstream\":\"10.1.2.3:6379\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("loopback").contains("--allow-upstream 10.1.2.3:6379");
        assertThat(send("POST", "/proxies", "{\"name\":\"l\",\"upstream\":\"localhost:6379\"}").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/proxies", "{\"name\":\"v6\",\"upstream\":\"[::1]:6379\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void allowUpstreamAndDeclaredServicesWidenIt() {
        try (FaultProxy wide = FaultProxy.builder().apiListen("127.0.0.1:0").allowUpstreams(List.of("10.1.2.3:*"))
                .allowServices(List.of("127.0.0.2")).build()) {
            assertThat(wide.createProxy(ProxySpec.tcp("a", "127.0.0.1:0", "10.1.2.3:6379")).spec().upstream()).isEqualTo("10.1.2.3:6379");
            assertThatThrownBy(() -> wide.createProxy(ProxySpec.tcp("b", "127.0.0.1:0", "10.1.2.4:6379")))
                    .isInstanceOf(FaultProxyException.class).hasMessageContaining("not allowed");
        }
    }

    @Test
    void linkLocalAndMetadataAddressesAreNeverAllowedEvenWithAWildcard() {
        try (FaultProxy any = FaultProxy.builder().apiListen("127.0.0.1:0").allowUpstreams(List.of("*")).build()) {
            for (String up : List.of("169.254.169.254:80", "169.254.0.1:8080", "[fe80::1]:80", "[::ffff:169.254.169.254]:80",
                    "[fd00:ec2::254]:80", "100.100.100.200:80")) {
                assertThatThrownBy(() -> any.createProxy(ProxySpec.tcp("m", "127.0.0.1:0", up))).as(up)
                        .isInstanceOf(FaultProxyException.class).hasMessageContaining("link-local or cloud metadata")
                        .satisfies(e -> assertThat(((FaultProxyException) e).status()).isEqualTo(403));
            }
            any.createProxy(ProxySpec.tcp("ok", "127.0.0.1:0", "10.9.9.9:80"));
            assertThatThrownBy(() -> any.updateProxy(new ProxySpec("ok", "127.0.0.1:0", "169.254.169.254:80", true, ProxySpec.Mode.TCP)))
                    .hasMessageContaining("link-local");
        }
    }
}
