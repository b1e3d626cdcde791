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

/**
 * What {@link AiFaultsTest} and {@link StreamingTest} share: a fake LLM upstream ({@link SseUpstream}) behind an
 * in-process fault proxy named {@value #NAME} in HTTP mode, and a real HTTP/1.1 client that calls it through the proxy.
 */
final class LlmProxy implements AutoCloseable {
    /** The proxy's name, for the admin API and the toxics. */
    static final String NAME = "llm";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SseUpstream upstream;
    private final FaultProxy proxy;
    private final String listen;

    private LlmProxy(SseUpstream upstream, FaultProxy proxy, String listen) {
        this.upstream = upstream;
        this.proxy = proxy;
        this.listen = listen;
    }

    /** The upstream and the proxy in front of it, on free loopback ports; the upstream is closed again if the proxy fails. */
    static LlmProxy start() throws IOException {
        SseUpstream upstream = new SseUpstream();
        FaultProxy proxy;
        try {
            proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
        try {
            String listen = proxy.createProxy(new ProxySpec(NAME, "127.0.0.1:0", upstream.address(), true, ProxySpec.Mode.HTTP)).spec().listen();
            return new LlmProxy(upstream, proxy, listen);
        } catch (RuntimeException e) {
            proxy.close();
            upstream.close();
            throw e;
        }
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

    @Override
    public void close() {
        proxy.close();
        upstream.close();
    }
}
