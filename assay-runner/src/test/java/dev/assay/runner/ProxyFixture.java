package dev.assay.runner;

import com.sun.net.httpserver.HttpServer;
import dev.assay.proxy.FaultProxy;
import dev.assay.proxy.ProxySpec;
import dev.assay.testkit.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A real HTTP service on loopback behind Assay's real fault proxy (embedded, HTTP mode), reached through the
 * proxy's Toxiproxy-compatible REST API like a remote one. The proxy is named {@code shop-edge}.
 */
final class ProxyFixture implements AutoCloseable {
    static final String PROXY = "shop-edge";

    final HttpServer upstream;
    final FaultProxy proxy;
    final int listenPort;

    private ProxyFixture(HttpServer upstream, FaultProxy proxy, int listenPort) {
        this.upstream = upstream;
        this.proxy = proxy;
        this.listenPort = listenPort;
    }

    static ProxyFixture start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        int port = FreePorts.next();
        proxy.createProxy(new ProxySpec(PROXY, "127.0.0.1:" + port, "127.0.0.1:" + server.getAddress().getPort(), true, ProxySpec.Mode.HTTP));
        return new ProxyFixture(server, proxy, port);
    }

    URI api() {
        return URI.create("http://127.0.0.1:" + proxy.apiAddress().getPort());
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + listenPort + "/checkout");
    }

    int toxics() {
        return proxy.proxy(PROXY).orElseThrow().toxics().size();
    }

    @Override
    public void close() {
        proxy.close();
        upstream.stop(0);
    }
}
