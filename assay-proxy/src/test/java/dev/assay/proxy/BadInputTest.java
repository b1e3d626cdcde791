package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.model.InvalidInputException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or broken bodies and populate files get a 4xx (or exit 2) that says where and what to do, never a 500. */
class BadInputTest {
    private static final String DEEP = "[".repeat(2000);
    private FaultProxy proxy;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        proxy.createProxy(ProxySpec.tcp("p", "127.0.0.1:0", "127.0.0.1:6379"));
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return Wire.call(proxy, method, path, body);
    }

    private static void assert400(HttpResponse<String> r, String... contains) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains(contains);
    }

    @Test
    void twoThousandNestedBracketsAre400WithTheJsonPathOnEveryWriteEndpoint() throws Exception {
        for (String path : new String[] {"/proxies", "/populate", "/proxies/p/toxics", "/proxies/p", "/leases"}) {
            assert400(call("POST", path, DEEP), "nested deeper than 32 levels", "JSON path /0/0/0");
        }
        assertThat(call("GET", "/version", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aPopulateFileWithTwoThousandNestedBracketsIsAnInputErrorWithFileLineColumn() throws Exception {
        Path f = Files.writeString(dir.resolve("deep.json"), DEEP);
        assertThatThrownBy(() -> ProxyConfig.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deep.json:1:").hasMessageContaining("nested deeper than 32 levels").hasMessageContaining("JSON path /0/0");
    }

    @Test
    void aPopulateFileTooLargeIsRefusedBeforeParsing() throws Exception {
        Path f = Files.writeString(dir.resolve("big.json"), "[" + " ".repeat(ApiJson.MAX_BYTES) + "]");
        assertThatThrownBy(() -> ProxyConfig.read(f)).isInstanceOf(InvalidInputException.class).hasMessageContaining("larger than 1024 KiB");
    }

    @Test
    void trailingGarbageAndEmptyFilesAreInputErrors() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        assertThatThrownBy(() -> ProxyConfig.read(empty)).isInstanceOf(InvalidInputException.class).hasMessageContaining("no JSON value");
        Path trailing = Files.writeString(dir.resolve("t.json"), "[] x");
        assertThatThrownBy(() -> ProxyConfig.read(trailing)).isInstanceOf(InvalidInputException.class).hasMessageContaining("t.json:1:");
    }

    @Test
    void aNonFiniteLatencyIs400NotInfinity() throws Exception {
        assert400(call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":1e309}}"),
                "attributes.latency", "finite");
        assertThat(proxy.proxy("p").orElseThrow().toxics()).isEmpty();
        assert400(call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"toxicity\":1e309,\"attributes\":{\"latency\":1}}"), "toxicity");
        assert400(call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"ttl\":-1e309,\"attributes\":{\"latency\":1}}"), "ttl", "finite");
    }

    @Test
    void outOfRangeAttributesAre400WithTheRange() throws Exception {
        assert400(call("POST", "/proxies/p/toxics", "{\"type\":\"bandwidth\",\"attributes\":{\"rate\":0}}"),
                "attributes.rate", "between 1 and", "timeout toxic");
        assert400(call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":99999999999999999999999}}"),
                "attributes.latency", "between 0 and 3600000 ms");
        assert400(call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":-5}}"), "attributes.latency");
        assert400(call("POST", "/proxies/p/toxics", "{\"type\":\"slicer\",\"attributes\":{\"average_size\":10,\"size_variation\":10}}"),
                "size_variation");
        assertThat(proxy.proxy("p").orElseThrow().toxics()).isEmpty();
    }

    @Test
    void aTooLargeBodyIsRefusedWith413() throws Exception {
        var r = call("POST", "/proxies", "{\"name\":\"" + "x".repeat(ApiJson.MAX_BYTES + 10) + "\"}");
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void badProxyLimitsAre400() throws Exception {
        assert400(call("POST", "/proxies", "{\"name\":\"q\",\"upstream\":\"127.0.0.1:1\",\"max_connections\":0}"), "max_connections");
        assert400(call("POST", "/proxies", "{\"name\":\"q\",\"upstream\":\"127.0.0.1:1\",\"client_idle_timeout\":1e309}"), "client_idle_timeout");
    }
}
