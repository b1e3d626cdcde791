package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Idle timeouts on both sides, the per-proxy connection cap, and an admin API that answers while the data path cannot. */
class ConnectionLimitsTest {
    private final List<AutoCloseable> open = new ArrayList<>();
    private Engine engine;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
        if (engine != null) engine.close();
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    private String proxy(ProxySpec.Mode mode, String upstream, ConnectionLimits limits) {
        engine = (Engine) FaultProxy.builder().apiListen("127.0.0.1:0").build();
        return engine.createProxy(new ProxySpec("p", "127.0.0.1:0", upstream, true, mode, limits)).spec().listen();
    }

    @Test
    void anIdleTcpClientIsClosedAfterItsProxysIdleTimeout() throws Exception {
        EchoUpstream echo = keep(new EchoUpstream());
        String listen = proxy(ProxySpec.Mode.TCP, echo.address(), ConnectionLimits.INHERIT.withClientIdle(Duration.ofMillis(300)));
        try (Socket s = Wire.connect(listen)) {
            assertThat(Wire.echoRoundTrip(s)).isPositive();
            long t0 = System.nanoTime();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat((System.nanoTime() - t0) / 1e6).isBetween(200.0, 9_000.0);
        }
    }

    @Test
    void anIdleKeepAliveHttpClientIsClosedBetweenRequests() throws Exception {
        HttpUpstream http = keep(new HttpUpstream());
        String listen = proxy(ProxySpec.Mode.HTTP, http.address(), ConnectionLimits.INHERIT.withClientIdle(Duration.ofMillis(300)));
        try (Socket s = Wire.connect(listen)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            HalfCloseTest.readResponse(s.getInputStream());
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aRequestToASilentUpstreamGets504AfterTheUpstreamIdleTimeout() throws Exception {
        ServerSocket silent = keep(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        List<Socket> accepted = new ArrayList<>();
        Thread.ofVirtual().start(() -> {
            try {
                while (true) accepted.add(silent.accept()); // accepts, never answers
            } catch (IOException e) {
                // closed at the end of the test
            }
        });
        String listen = proxy(ProxySpec.Mode.HTTP, "127.0.0.1:" + silent.getLocalPort(),
                ConnectionLimits.INHERIT.withUpstreamIdle(Duration.ofMillis(400)));
        try (Socket s = Wire.connect(listen)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String head = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 504");
        }
    }

    @Test
    void connectionsBeyondTheCapAreClosedAtOnceWithOneLogLine() throws Exception {
        EchoUpstream echo = keep(new EchoUpstream());
        try (LogCapture log = new LogCapture(ListeningProxy.class)) {
            String listen = proxy(ProxySpec.Mode.TCP, echo.address(), ConnectionLimits.INHERIT.withMaxConnections(5));
            List<Socket> held = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Socket s = keep(Wire.connect(listen));
                assertThat(Wire.echoRoundTrip(s)).isPositive();
                held.add(s);
            }
            for (int i = 0; i < 3; i++) {
                try (Socket extra = Wire.connect(listen)) {
                    assertThat(extra.getInputStream().read()).isEqualTo(-1);
                }
            }
            assertThat(log.containing("connection cap reached (5 open)")).hasSize(1).allMatch(l -> l.level() == Level.WARNING);
            assertThat(engine.metrics()).contains("assay_proxy_connections_refused_total{proxy=\"p\"} 3");
            held.get(0).close();
            HalfCloseTest.await(() -> engine.metrics().contains("assay_proxy_connections_active{proxy=\"p\"} 4"), Duration.ofSeconds(30), "a slot freed");
            try (Socket again = Wire.connect(listen)) {
                assertThat(Wire.echoRoundTrip(again)).isPositive();
            }
        }
    }

    @Test
    void allProxiesTogetherStayWithinTheProcessBudget() throws Exception {
        EchoUpstream echo = keep(new EchoUpstream());
        engine = (Engine) FaultProxy.builder().apiListen("127.0.0.1:0").processConnections(3).build();
        String a = engine.createProxy(ProxySpec.tcp("a", "127.0.0.1:0", echo.address())).spec().listen();
        String b = engine.createProxy(ProxySpec.tcp("b", "127.0.0.1:0", echo.address())).spec().listen();
        for (String l : List.of(a, a, b)) assertThat(Wire.echoRoundTrip(keep(Wire.connect(l)))).isPositive();
        try (Socket extra = Wire.connect(b)) {
            assertThat(extra.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(engine.metrics()).contains("assay_proxy_connections_refused_total{proxy=\"b\"} 1");
    }

    @Test
    void theAdminApiAnswersAndRemovesToxicsWhileTheDataPathIsAtItsCapAndItsLoopsAreStuck() throws Exception {
        EchoUpstream echo = keep(new EchoUpstream());
        String listen = proxy(ProxySpec.Mode.TCP, echo.address(), ConnectionLimits.INHERIT.withMaxConnections(20));
        engine.addToxic("p", ToxicSpec.of("latency", ToxicSpec.Stream.DOWNSTREAM, java.util.Map.of("latency", 50)));
        for (int i = 0; i < 20; i++) keep(Wire.connect(listen));
        HalfCloseTest.await(() -> engine.metrics().contains("assay_proxy_connections_active{proxy=\"p\"} 20"), Duration.ofSeconds(30), "at the cap");
        CountDownLatch release = new CountDownLatch(1);
        for (var group : engine.dataPathLoops()) {
            group.forEach(loop -> loop.execute(() -> {
                try {
                    release.await(60, TimeUnit.SECONDS); // a data path that cannot make progress
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        try {
            assertThat(Wire.call(engine, "GET", "/version", null).statusCode()).isEqualTo(200);
            assertThat(Wire.call(engine, "GET", "/proxies/p", null).body()).contains("latency_downstream");
            assertThat(Wire.call(engine, "DELETE", "/proxies/p/toxics/latency_downstream", null).statusCode()).isEqualTo(204);
            assertThat(engine.proxy("p").orElseThrow().toxics()).isEmpty();
        } finally {
            release.countDown();
        }
    }
}
