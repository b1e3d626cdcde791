package dev.assay.proxy;

import dev.assay.proxy.ToxicSpec.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What {@link AiFaultsTest} and {@link StreamingTest} share: a fake LLM upstream ({@link SseUpstream}) behind an
 * in-process fault proxy named {@value #NAME} in HTTP mode, and a real HTTP/1.1 client that calls it through the proxy.
 * A JUnit extension ({@code @RegisterExtension final LlmProxy llm = new LlmProxy();}): both are started on free
 * loopback ports before each test and closed after it.
 */
final class LlmProxy implements BeforeEachCallback, AfterEachCallback {
    /** The proxy's name, for the admin API and the toxics. */
    static final String NAME = "llm";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SseUpstream upstream;
    private FaultProxy proxy;
    private String listen;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        upstream = new SseUpstream();
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        listen = proxy.createProxy(new ProxySpec(NAME, "127.0.0.1:0", upstream.address(), true, ProxySpec.Mode.HTTP)).spec().listen();
    }

    /** Closes what {@link #beforeEach} started, also when it failed half-way. */
    @Override
    public void afterEach(ExtensionContext context) {
        if (proxy != null) proxy.close();
        if (upstream != null) upstream.close();
        proxy = null;
        upstream = null;
    }

    SseUpstream upstream() {
        return upstream;
    }

    FaultProxy proxy() {
        return proxy;
    }

    /** POSTs {@code {}} to {@code path} through the proxy and reads the whole answer. */
    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GETs {@code path} through the proxy, the body left to be read as it streams. */
    HttpResponse<InputStream> open(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private URI uri(String path) {
        return URI.create("http://" + listen + path);
    }

    /** Adds a downstream toxic {@code name} of {@code type}, always applied, to the proxy. */
    void toxic(String name, String type, Map<String, Object> attributes) {
        proxy.addToxic(NAME, new ToxicSpec(name, type, Stream.DOWNSTREAM, 1, attributes, Optional.empty(), Optional.empty()));
    }

    void removeToxic(String name) {
        proxy.removeToxic(NAME, name);
    }
}
