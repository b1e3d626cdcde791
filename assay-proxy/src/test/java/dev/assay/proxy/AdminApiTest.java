package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API's shapes, status codes and bad-input answers, over real HTTP. */
class AdminApiTest {
    private EchoUpstream upstream;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        upstream = new EchoUpstream();
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        upstream.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return Wire.call(proxy, method, path, body);
    }

    private String createEcho(String name) throws Exception {
        var r = call("POST", "/proxies", "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + upstream.address() + "\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        return ApiJson.MAPPER.readTree(r.body()).get("listen").asText();
    }

    private void assertStillServing(String listen) throws IOException {
        try (Socket s = Wire.connect(listen)) {
            Wire.echoRoundTrip(s);
        }
    }

    private static void assertError(HttpResponse<String> r, int status, String fragment) throws IOException {
        assertThat(r.statusCode()).isEqualTo(status);
        JsonNode n = ApiJson.MAPPER.readTree(r.body());
        assertThat(n.get("status").asInt()).isEqualTo(status);
        assertThat(n.get("error").asText()).contains(fragment);
    }

    @Test
    void proxyJsonHasToxiproxysShape() throws Exception {
        createEcho("echo");
        call("POST", "/proxies/echo/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":10}}");
        JsonNode all = ApiJson.MAPPER.readTree(call("GET", "/proxies", null).body());
        JsonNode p = all.get("echo");
        assertThat(p.get("name").asText()).isEqualTo("echo");
        assertThat(p.get("enabled").asBoolean()).isTrue();
        JsonNode t = p.get("toxics").get(0);
        assertThat(t.get("name").asText()).isEqualTo("latency_downstream");
        assertThat(t.get("stream").asText()).isEqualTo("downstream");
        assertThat(t.get("toxicity").asDouble()).isEqualTo(1.0);
        assertThat(t.get("attributes").get("latency").asLong()).isEqualTo(10);
    }

    @Test
    void malformedJsonIs400AndOtherProxiesKeepServing() throws Exception {
        String listen = createEcho("echo");
        assertError(call("POST", "/proxies", "{\"name\": "), 400, "malformed JSON");
        assertError(call("POST", "/proxies/echo/toxics", "not json"), 400, "malformed JSON");
        assertStillServing(listen);
    }

    @Test
    void unknownToxicTypeIs400() throws Exception {
        String listen = createEcho("echo");
        assertError(call("POST", "/proxies/echo/toxics", "{\"type\":\"gremlins\"}"), 400, "invalid toxic type 'gremlins'");
        assertStillServing(listen);
    }

    @Test
    void missingAttributesAre400() throws Exception {
        createEcho("echo");
        assertError(call("POST", "/proxies/echo/toxics", "{\"type\":\"latency\"}"), 400, "attributes.latency");
        assertError(call("POST", "/proxies", "{\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}"), 400, "missing required field: name");
        assertError(call("POST", "/proxies", "{\"name\":\"x\",\"listen\":\"127.0.0.1:0\"}"), 400, "missing required field: upstream");
    }

    @Test
    void badStreamAndToxicityAre400() throws Exception {
        createEcho("echo");
        assertError(call("POST", "/proxies/echo/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\",\"attributes\":{\"latency\":1}}"),
                400, "stream was invalid");
        assertError(call("POST", "/proxies/echo/toxics", "{\"type\":\"latency\",\"toxicity\":2,\"attributes\":{\"latency\":1}}"),
                400, "toxicity");
    }

    @Test
    void listenAddressInUseIs409AndOtherProxiesKeepServing() throws Exception {
        String listen = createEcho("echo");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var r = call("POST", "/proxies", "{\"name\":\"clash\",\"listen\":\"127.0.0.1:" + taken.getLocalPort()
                    + "\",\"upstream\":\"" + upstream.address() + "\"}");
            assertError(r, 409, "already in use");
        }
        assertThat(call("GET", "/proxies/clash", null).statusCode()).isEqualTo(404);
        assertStillServing(listen);
    }

    @Test
    void unresolvableUpstreamIs400() throws Exception {
        assertError(call("POST", "/proxies", "{\"name\":\"x\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"no-such-host.invalid:80\"}"),
                400, "does not resolve");
        assertError(call("POST", "/proxies", "{\"name\":\"x\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"localhost\"}"),
                400, "not host:port");
    }

    @Test
    void unknownProxyAndToxicAre404() throws Exception {
        createEcho("echo");
        assertError(call("GET", "/proxies/nope", null), 404, "proxy not found");
        assertError(call("GET", "/proxies/echo/toxics/nope", null), 404, "toxic not found");
        assertError(call("DELETE", "/proxies/echo/toxics/nope", null), 404, "toxic not found");
        assertError(call("GET", "/nowhere", null), 404, "no such endpoint");
    }

    @Test
    void populateCreatesAndKeepsUnchangedProxies() throws Exception {
        String body = "[{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + upstream.address() + "\"},"
                + "{\"name\":\"b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + upstream.address() + "\",\"enabled\":false}]";
        var r = call("POST", "/populate", body);
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode proxies = ApiJson.MAPPER.readTree(r.body()).get("proxies");
        assertThat(proxies).hasSize(2);
        assertThat(proxies.get(1).get("enabled").asBoolean()).isFalse();
        assertStillServing(proxies.get(0).get("listen").asText());
        assertError(call("POST", "/populate", "[{\"name\":\"c\"}]"), 400, "proxy #0");
    }

    @Test
    void toxicUpdateChangesOnlyTheGivenAttributes() throws Exception {
        createEcho("echo");
        call("POST", "/proxies/echo/toxics", "{\"name\":\"l\",\"type\":\"latency\",\"attributes\":{\"latency\":10,\"jitter\":2}}");
        var r = call("POST", "/proxies/echo/toxics/l", "{\"attributes\":{\"latency\":20}}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode t = ApiJson.MAPPER.readTree(r.body());
        assertThat(t.get("attributes").get("latency").asLong()).isEqualTo(20);
        assertThat(t.get("attributes").get("jitter").asLong()).isEqualTo(2);
    }

    @Test
    void deleteAndResetAnswer204() throws Exception {
        createEcho("echo");
        call("POST", "/proxies/echo/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":10}}");
        assertThat(call("DELETE", "/proxies/echo/toxics/latency_downstream", null).statusCode()).isEqualTo(204);
        assertThat(call("POST", "/reset", "").statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/proxies/echo", null).statusCode()).isEqualTo(204);
    }

    @Test
    void httpToxicOnTcpProxyIs400() throws Exception {
        createEcho("echo");
        assertError(call("POST", "/proxies/echo/toxics", "{\"type\":\"http_error\",\"attributes\":{\"status\":503}}"), 400, "HTTP-mode");
    }
}
