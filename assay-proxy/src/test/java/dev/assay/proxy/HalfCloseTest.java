package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clients that half-close (FIN after the request) or close after a response, in both modes, against real peers. */
class HalfCloseTest {
    private static final byte[] GET = "GET /x HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private FaultProxy proxy;
    private AutoCloseable upstream;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) proxy.close();
        if (upstream != null) upstream.close();
    }

    private String start(ProxySpec.Mode mode, String upstreamAddress) {
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        return proxy.createProxy(new ProxySpec("p", "127.0.0.1:0", upstreamAddress, true, mode)).spec().listen();
    }

    @Test
    void tcpClientThatHalfClosesStillGetsTheEcho() throws Exception {
        EchoUpstream echo = new EchoUpstream();
        upstream = echo;
        String listen = start(ProxySpec.Mode.TCP, echo.address());
        for (int i = 0; i < 20; i++) {
            try (Socket s = Wire.connect(listen)) {
                s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).as("round %d", i).isEqualTo("hello");
            }
        }
    }

    @Test
    void httpClientThatHalfClosesGetsItsResponseThenTheProxyCloses() throws Exception {
        HttpUpstream http = new HttpUpstream();
        upstream = http;
        String listen = start(ProxySpec.Mode.HTTP, http.address());
        try (Socket s = Wire.connect(listen)) {
            s.getOutputStream().write(GET);
            s.shutdownOutput();
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(all).startsWith("HTTP/1.1 200").endsWith("x".repeat(100));
        }
        awaitNoLiveConnections();
    }

    @Test
    void keepAliveClientsThatCloseAfterAResponseLeaveNoConnectionBehind() throws Exception {
        HttpUpstream http = new HttpUpstream();
        upstream = http;
        String listen = start(ProxySpec.Mode.HTTP, http.address());
        int before = Descriptors.open();
        for (int i = 0; i < 200; i++) {
            try (Socket s = Wire.connect(listen)) {
                s.getOutputStream().write(GET);
                readResponse(s.getInputStream());
            }
        }
        awaitNoLiveConnections();
        Descriptors.awaitAtMost(before + 10, Duration.ofSeconds(60));
    }

    private void awaitNoLiveConnections() throws InterruptedException {
        await(() -> proxy.metrics().contains("assay_proxy_connections_active{proxy=\"p\"} 0"), Duration.ofSeconds(60), "connections_active 0");
    }

    /** Reads one response head and its 100-byte body (HttpUpstream's answer). */
    static void readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed before the response head: " + head);
            head.append((char) b);
        }
        assertThat(in.readNBytes(100)).hasSize(100);
    }

    static void await(BooleanSupplier condition, Duration deadline, String what) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("not within " + deadline + ": " + what);
            Thread.sleep(50);
        }
    }
}
