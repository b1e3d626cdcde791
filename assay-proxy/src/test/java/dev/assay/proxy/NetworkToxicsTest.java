package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.proxy.ToxicSpec.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each TCP toxic through a real proxy to a real echo server, with Toxiproxy's semantics. */
class NetworkToxicsTest {
    private EchoUpstream upstream;
    private FaultProxy proxy;
    private String listen;

    @BeforeEach
    void start() throws IOException {
        upstream = new EchoUpstream();
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        listen = proxy.createProxy(ProxySpec.tcp("echo", "127.0.0.1:0", upstream.address())).spec().listen();
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        upstream.close();
    }

    private void toxic(String type, Stream stream, Map<String, Object> attributes) {
        proxy.addToxic("echo", ToxicSpec.of(type, stream, attributes));
    }

    private static byte[] payload(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    @Test
    void withoutToxicsBytesPassUnchanged() throws IOException {
        byte[] data = payload(1 << 20);
        try (Socket s = Wire.connect(listen)) {
            Thread.ofVirtual().start(() -> write(s, data));
            assertThat(Wire.read(s.getInputStream(), data.length)).isEqualTo(data);
        }
    }

    @Test
    void upstreamLatencyDelaysRequestsToo() throws Exception {
        toxic("latency", Stream.UPSTREAM, Map.of("latency", 40));
        try (Socket s = Wire.connect(listen)) {
            double fastest = Wire.fastestOf(10, 80, () -> {
                double ms = Wire.echoRoundTrip(s) / 1e6;
                assertThat(ms).as("every round trip carries the 40 ms").isGreaterThanOrEqualTo(38.0);
                return ms;
            });
            assertThat(fastest).as("and no more than that (fastest of up to 10)").isLessThan(80.0);
        }
    }

    @Test
    void bandwidthLimitsThroughputAndKeepsEveryByte() throws Exception {
        toxic("bandwidth", Stream.DOWNSTREAM, Map.of("rate", 200));
        byte[] data = payload(100_000);
        try (Socket s = Wire.connect(listen)) {
            double fastest = Wire.fastestOf(3, 1000, () -> {
                long t0 = System.nanoTime();
                Thread.ofVirtual().start(() -> write(s, data));
                assertThat(Wire.read(s.getInputStream(), data.length)).isEqualTo(data);
                double ms = (System.nanoTime() - t0) / 1e6;
                assertThat(ms).as("100 kB at 200 KB/s: never faster than 0.4 s").isGreaterThanOrEqualTo(400.0);
                return ms;
            });
            assertThat(fastest).as("nor much slower (fastest of up to 3 transfers)").isLessThan(1000.0);
        }
    }

    @Test
    void slicerCutsDataButKeepsEveryByteInOrder() throws IOException {
        toxic("slicer", Stream.DOWNSTREAM, Map.of("average_size", 100, "size_variation", 50, "delay", 10));
        byte[] data = payload(50_000);
        try (Socket s = Wire.connect(listen)) {
            Thread.ofVirtual().start(() -> write(s, data));
            assertThat(Wire.read(s.getInputStream(), data.length)).isEqualTo(data);
        }
    }

    @Test
    void limitDataPassesExactlyTheLimitThenCloses() throws IOException {
        toxic("limit_data", Stream.DOWNSTREAM, Map.of("bytes", 1000));
        try (Socket s = Wire.connect(listen)) {
            Thread.ofVirtual().start(() -> write(s, payload(5000)));
            assertThat(s.getInputStream().readAllBytes()).isEqualTo(Arrays.copyOf(payload(5000), 1000));
        }
    }

    @Test
    void timeoutSwallowsDataAndClosesAfterTheTimeout() throws IOException {
        toxic("timeout", Stream.DOWNSTREAM, Map.of("timeout", 300));
        try (Socket s = Wire.connect(listen)) {
            long t0 = System.nanoTime();
            write(s, payload(10));
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            // lower bound exact; the upper one only tells a 300 ms timeout from a blackhole, with room for a loaded machine
            assertThat((System.nanoTime() - t0) / 1e6).isBetween(250.0, 10_000.0);
        }
    }

    @Test
    void timeoutZeroIsABlackholeThatStaysOpenUntilRemovedThenCloses() throws IOException {
        toxic("timeout", Stream.DOWNSTREAM, Map.of("timeout", 0));
        try (Socket s = Wire.connect(listen)) {
            s.setSoTimeout(500);
            write(s, payload(10));
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(java.net.SocketTimeoutException.class);
            proxy.removeToxic("echo", "timeout_downstream");
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void slowCloseDelaysTheCloseButNotTheData() throws Exception {
        toxic("slow_close", Stream.DOWNSTREAM, Map.of("delay", 400));
        try (Socket s = Wire.connect(listen)) {
            assertThat(Wire.fastestOf(10, 100, () -> Wire.echoRoundTrip(s) / 1e6)).as("data not delayed (fastest of up to 10)").isLessThan(100.0);
            long t0 = System.nanoTime();
            s.shutdownOutput();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat((System.nanoTime() - t0) / 1e6).as("the close waits its 400 ms (upper bound: a loaded machine)").isBetween(350.0, 10_000.0);
        }
    }

    @Test
    void resetPeerResetsTheConnection() throws IOException {
        toxic("reset_peer", Stream.DOWNSTREAM, Map.of("timeout", 100));
        try (Socket s = Wire.connect(listen)) {
            write(s, payload(10));
            assertThatThrownBy(() -> {
                InputStream in = s.getInputStream();
                while (in.read() >= 0) {
                    // drain until the reset
                }
                in.read();
                throw new AssertionError("closed gracefully instead of reset");
            }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    void toxicityZeroNeverAppliesAndOneAlwaysDoes() throws Exception {
        proxy.addToxic("echo", new ToxicSpec("never", "latency", Stream.DOWNSTREAM, 0.0, Map.of("latency", 500),
                java.util.Optional.empty(), java.util.Optional.empty()));
        try (Socket s = Wire.connect(listen)) {
            assertThat(Wire.fastestOf(10, 100, () -> Wire.echoRoundTrip(s) / 1e6)).as("the 500 ms never applied (fastest of up to 10)").isLessThan(100.0);
        }
    }

    @Test
    void toxicAddedToAnOpenConnectionAppliesAndRemovingItFlushesHeldData() throws Exception {
        try (Socket s = Wire.connect(listen)) {
            Wire.echoRoundTrip(s);
            toxic("latency", Stream.DOWNSTREAM, Map.of("latency", 5000));
            Thread.sleep(50);
            write(s, new byte[] {'y'});
            Thread.sleep(100);
            long t0 = System.nanoTime();
            proxy.removeToxic("echo", "latency_downstream");
            assertThat(s.getInputStream().read()).isEqualTo('y');
            assertThat((System.nanoTime() - t0) / 1e6).as("flushed at removal, not after the 5 s latency").isLessThan(4000.0);
        }
    }

    @Test
    void unreachableUpstreamClosesTheClientAndCountsAnErrorWhileOtherProxiesServe() throws IOException {
        int dead = dev.assay.testkit.FreePorts.next();
        String bad = proxy.createProxy(ProxySpec.tcp("dead", "127.0.0.1:0", "127.0.0.1:" + dead)).spec().listen();
        try (Socket s = Wire.connect(bad)) {
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket s = Wire.connect(listen)) {
            Wire.echoRoundTrip(s);
        }
        assertThat(proxy.metrics()).contains("assay_proxy_upstream_errors_total{proxy=\"dead\"} 1");
    }

    @Test
    void closedConnectionsLeaveNoActiveConnectionBehind() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (Socket s = Wire.connect(listen)) {
                Wire.echoRoundTrip(s);
            }
        }
        Socket abrupt = Wire.connect(listen);
        Wire.echoRoundTrip(abrupt);
        abrupt.setSoLinger(true, 0);
        abrupt.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!proxy.metrics().contains("assay_proxy_connections_active{proxy=\"echo\"} 0") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(proxy.metrics()).contains("assay_proxy_connections_active{proxy=\"echo\"} 0")
                .contains("assay_proxy_connections_total{proxy=\"echo\"} 21");
    }

    private static void write(Socket s, byte[] data) {
        try {
            s.getOutputStream().write(data);
            s.getOutputStream().flush();
        } catch (IOException e) {
            // the proxy closed the connection on purpose in some tests
        }
    }
}
