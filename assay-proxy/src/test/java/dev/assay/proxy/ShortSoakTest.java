package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The short soak (the long one is bench/soak/run.sh): 2,400 connections, mixed keep-alive, Connection: close
 * and half-close, through two HTTP-mode and two TCP-mode proxies while toxics are toggled on and off; after
 * it the process's open descriptors are back to where they were.
 */
class ShortSoakTest {
    private static final byte[] KEEP = "GET /s HTTP/1.1\r\nHost: s\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "GET /s HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CLIENTS = 16;
    private static final int CONNECTIONS_EACH = 150;

    @Test
    void descriptorsReturnToBaselineAfterThousandsOfMixedConnectionsWithToxicsToggled() throws Exception {
        try (HttpUpstream upstream = new HttpUpstream(); FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build()) {
            List<String> names = List.of("h1", "h2", "t1", "t2");
            List<String> listens = new ArrayList<>();
            for (String n : names) {
                ProxySpec.Mode mode = n.startsWith("h") ? ProxySpec.Mode.HTTP : ProxySpec.Mode.TCP;
                listens.add(proxy.createProxy(new ProxySpec(n, "127.0.0.1:0", upstream.address(), true, mode)).spec().listen());
            }
            for (String l : listens) exchangeOnce(l); // warm up: lazy classes, thread pools, selectors
            HalfCloseTest.await(() -> proxy.metrics().lines().filter(x -> x.startsWith("assay_proxy_connections_active{"))
                    .allMatch(x -> x.endsWith(" 0")), Duration.ofSeconds(60), "warm-up connections closed");
            int baseline = Descriptors.open();

            AtomicBoolean running = new AtomicBoolean(true);
            Thread toggler = Thread.ofVirtual().start(() -> toggle(proxy, running));
            AtomicInteger failures = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    for (int i = 0; i < CONNECTIONS_EACH; i++) {
                        try {
                            connection(listens.get(r.nextInt(listens.size())), r.nextInt(3));
                        } catch (IOException e) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread t : clients) t.join(Duration.ofMinutes(5));
            running.set(false);
            toggler.join(Duration.ofSeconds(30));

            long total = proxy.metrics().lines().filter(x -> x.startsWith("assay_proxy_connections_total{"))
                    .mapToLong(x -> (long) Double.parseDouble(x.substring(x.lastIndexOf(' ') + 1))).sum();
            assertThat(total).isGreaterThanOrEqualTo((long) CLIENTS * CONNECTIONS_EACH);
            assertThat(failures.get()).as("connections that broke").isLessThan(CLIENTS * CONNECTIONS_EACH / 100);
            HalfCloseTest.await(() -> proxy.metrics().lines().filter(x -> x.startsWith("assay_proxy_connections_active{"))
                    .allMatch(x -> x.endsWith(" 0")), Duration.ofSeconds(90), "every proxied connection closed");
            // The JDK upstream may keep a few sockets until its own idle sweep; the proxy must hold none.
            Descriptors.awaitAtMost(baseline + 8, Duration.ofSeconds(90));
        }
    }

    /** kind 0: keep-alive, 3 requests then close; 1: one request with Connection: close; 2: request, half-close, read. */
    private static void connection(String listen, int kind) throws IOException {
        try (Socket s = Wire.connect(listen)) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            switch (kind) {
                case 0 -> {
                    for (int i = 0; i < 3; i++) {
                        out.write(KEEP);
                        readResponse(in);
                    }
                }
                case 1 -> {
                    out.write(CLOSE);
                    readResponse(in);
                }
                default -> {
                    out.write(KEEP);
                    s.shutdownOutput();
                    readResponse(in);
                }
            }
        }
    }

    private static void exchangeOnce(String listen) throws IOException {
        connection(listen, 1);
    }

    /** Reads a response with a Content-Length body: the upstream's 200 or the proxy's injected 503. */
    private static void readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed before the response head: " + head);
            head.append((char) b);
        }
        String h = head.toString().toLowerCase(java.util.Locale.ROOT);
        int i = h.indexOf("content-length:");
        int len = Integer.parseInt(h.substring(i + 15, h.indexOf('\r', i)).trim());
        if (in.readNBytes(len).length != len) throw new IOException("short body");
    }

    private static void toggle(FaultProxy proxy, AtomicBoolean running) {
        boolean on = false;
        while (running.get()) {
            if (!on) {
                proxy.addToxic("h1", ToxicSpec.of("http_delay", ToxicSpec.Stream.DOWNSTREAM, Map.of("delay", 5, "percent", 50)));
                proxy.addToxic("h2", ToxicSpec.of("http_error", ToxicSpec.Stream.DOWNSTREAM, Map.of("status", 503, "percent", 20)));
                proxy.addToxic("t1", ToxicSpec.of("latency", ToxicSpec.Stream.DOWNSTREAM, Map.of("latency", 5)));
                proxy.addToxic("t2", ToxicSpec.of("slicer", ToxicSpec.Stream.DOWNSTREAM, Map.of("average_size", 16, "delay", 10)));
            } else {
                proxy.removeToxic("h1", "http_delay_downstream");
                proxy.removeToxic("h2", "http_error_downstream");
                proxy.removeToxic("t1", "latency_downstream");
                proxy.removeToxic("t2", "slicer_downstream");
            }
            on = !on;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (on) proxy.reset();
    }
}
