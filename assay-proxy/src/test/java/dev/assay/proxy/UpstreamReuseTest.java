package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code http_reuse}: how many upstream connections the upstream accepts for 12 client connections, one request each. */
class UpstreamReuseTest {
    private static final int CLIENTS = 12;
    private SseUpstream upstream;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        upstream = new SseUpstream();
        // One worker loop: idle upstream connections are pooled per loop, so with one the counts are exact.
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").workerThreads(1).build();
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    private int upstreamConnectionsFor(ProxySpec.HttpReuse reuse, int requestsPerClient) throws Exception {
        String name = "r" + reuse.wire();
        String listen = proxy.createProxy(new ProxySpec(name, "127.0.0.1:0", upstream.address(), true, ProxySpec.Mode.HTTP,
                ConnectionLimits.INHERIT, reuse)).spec().listen();
        upstream.connections.clear();
        for (int c = 0; c < CLIENTS; c++) {
            try (Socket s = Wire.connect(listen)) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                for (int i = 0; i < requestsPerClient; i++) {
                    boolean last = i == requestsPerClient - 1;
                    out.write(("GET /json HTTP/1.1\r\nHost: x\r\n" + (last ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    String head = readHead(in);
                    assertThat(head).startsWith("HTTP/1.1 200");
                    Wire.read(in, SseUpstream.JSON.length());
                }
                assertThat(in.read()).as("the proxy closes after Connection: close").isEqualTo(-1);
            }
        }
        return upstream.connections.size();
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) break;
            b.append((char) c);
        }
        return b.toString();
    }

    @Test
    void alwaysServesAllClientConnectionsOverOneUpstreamConnection() throws Exception {
        assertThat(upstreamConnectionsFor(ProxySpec.HttpReuse.ALWAYS, 1)).isEqualTo(1);
    }

    @Test
    void neverGivesEachClientConnectionItsOwn() throws Exception {
        assertThat(upstreamConnectionsFor(ProxySpec.HttpReuse.NEVER, 3)).isEqualTo(CLIENTS);
    }

    @Test
    void safeNeverSendsAFirstRequestOverAConnectionAnotherClientUsed() throws Exception {
        assertThat(upstreamConnectionsFor(ProxySpec.HttpReuse.SAFE, 3)).isEqualTo(CLIENTS);
        assertThat(proxy.proxy("rsafe").orElseThrow().spec().httpReuse()).isEqualTo(ProxySpec.HttpReuse.SAFE);
    }
}
