package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admin API on loopback by default, the bearer token, and the upstream allowlist. */
class SafetyTest {
    @Test
    void adminApiListensOnLoopbackByDefault() {
        assertThat(FaultProxy.builder().apiListen).isEqualTo("127.0.0.1:8474");
    }

    @Test
    void tokenIsRequiredWhenConfigured() throws Exception {
        try (FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").token("s3cret").build()) {
            assertThat(Wire.call(proxy, "GET", "/proxies", null).statusCode()).isEqualTo(401);
            HttpRequest withToken = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.apiAddress().getPort() + "/proxies"))
                    .header("Authorization", "Bearer s3cret").build();
            assertThat(Wire.HTTP.send(withToken, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpRequest wrong = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.apiAddress().getPort() + "/proxies"))
                    .header("Authorization", "Bearer nope").build();
            assertThat(Wire.HTTP.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void upstreamOutsideTheAllowlistIsForbidden() throws Exception {
        try (FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").allowUpstreams(List.of("10.0.0.1:6379")).build()) {
            var r = Wire.call(proxy, "POST", "/proxies", "{\"name\":\"x\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"10.0.0.1:6380\"}");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("not allowed");
            assertThat(proxy.createProxy(ProxySpec.tcp("ok", "127.0.0.1:0", "127.0.0.1:6379")).spec().enabled()).isTrue();
            assertThat(proxy.createProxy(ProxySpec.tcp("listed", "127.0.0.1:0", "10.0.0.1:6379")).spec().enabled()).isTrue();
        }
    }

    @Test
    void adminAddressInUseIsAClearConflict() {
        try (FaultProxy first = FaultProxy.builder().apiListen("127.0.0.1:0").build()) {
            String taken = "127.0.0.1:" + first.apiAddress().getPort();
            assertThatThrownBy(() -> FaultProxy.builder().apiListen(taken).build())
                    .isInstanceOf(FaultProxyException.class).hasMessageContaining("already in use");
        }
    }

    @Test
    void closingRemovesEveryToxic() throws Exception {
        FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        proxy.createProxy(ProxySpec.tcp("p", "127.0.0.1:0", "127.0.0.1:6379"));
        proxy.addToxic("p", ToxicSpec.of("latency", ToxicSpec.Stream.DOWNSTREAM, java.util.Map.of("latency", 100)));
        proxy.close();
        assertThat(proxy.proxies()).isEmpty();
    }
}
