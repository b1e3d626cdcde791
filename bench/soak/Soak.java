import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Soak load driver (not a test): mixed HTTP/1.1 traffic through every proxy of an `assay proxy` process while
 * toxics are toggled on and off, sampling the proxy process's open descriptors, heap, RSS and the clients'
 * p50/p99 into a CSV every interval. Client behaviours: keep-alive (1-20 requests then close), one request
 * with Connection: close, half-close (request, FIN, read the answer), and abandon (connect, send nothing,
 * wait for the proxy's idle timeout to close it).
 *
 * Args: apiPort proxyPid csv seconds clients firstPort httpCount tcpCount [sampleSeconds]
 */
public final class Soak {
    static final byte[] KEEP = "GET /soak HTTP/1.1\r\nHost: soak\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CLOSE = "GET /soak HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    static final ReentrantLock lock = new ReentrantLock();
    static long[] lat = new long[1 << 16];
    static int latN;
    static final AtomicLong requests = new AtomicLong();
    static final AtomicLong errors = new AtomicLong();
    static final AtomicLong fiveXX = new AtomicLong();
    static final AtomicLong connections = new AtomicLong();
    static volatile boolean running = true;

    public static void main(String[] a) throws Exception {
        int api = Integer.parseInt(a[0]);
        long pid = Long.parseLong(a[1]);
        Path csv = Path.of(a[2]);
        long seconds = Long.parseLong(a[3]);
        int clients = Integer.parseInt(a[4]);
        int first = Integer.parseInt(a[5]);
        int httpCount = Integer.parseInt(a[6]);
        int tcpCount = Integer.parseInt(a[7]);
        long sample = a.length > 8 ? Long.parseLong(a[8]) : 30;
        int[] ports = new int[httpCount + tcpCount];
        for (int i = 0; i < ports.length; i++) ports[i] = first + i;

        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) threads.add(Thread.ofVirtual().start(() -> client(ports)));
        Thread toggler = Thread.ofVirtual().start(() -> toggle(api, httpCount, tcpCount));

        HttpClient admin = HttpClient.newHttpClient();
        long start = System.nanoTime();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
            out.println("t_s,proxy_fds,heap_used_mb,rss_mb,close_wait,connections_active,connections_total,requests,http_5xx,io_errors,p50_ms,p99_ms,admin_ms");
            long next = sample;
            while (true) {
                long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
                if (elapsed >= next) {
                    long t0 = System.nanoTime();
                    String metrics = admin.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/metrics"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    double adminMs = (System.nanoTime() - t0) / 1e6;
                    long[] l;
                    int n;
                    lock.lock();
                    try {
                        l = Arrays.copyOf(lat, latN);
                        n = latN;
                        latN = 0;
                    } finally {
                        lock.unlock();
                    }
                    Arrays.sort(l);
                    double p50 = n == 0 ? 0 : l[(int) (n * 0.50)] / 1e6;
                    double p99 = n == 0 ? 0 : l[Math.min(n - 1, (int) (n * 0.99))] / 1e6;
                    String row = String.format(java.util.Locale.ROOT, "%d,%d,%.1f,%.1f,%d,%d,%d,%d,%d,%d,%.2f,%.2f,%.1f", elapsed, fds(pid), heapMb(pid),
                            rssMb(pid), closeWait(pid), sum(metrics, "assay_proxy_connections_active{"), sum(metrics, "assay_proxy_connections_total{"),
                            requests.getAndSet(0), fiveXX.getAndSet(0), errors.getAndSet(0), p50, p99, adminMs);
                    out.println(row);
                    out.flush();
                    System.out.println(row);
                    next += sample;
                }
                if (elapsed >= seconds) break;
                Thread.sleep(200);
            }
        }
        running = false;
        for (Thread t : threads) t.join(30_000);
        toggler.join(30_000);
    }

    static void client(int[] ports) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (running) {
            int port = ports[r.nextInt(ports.length)];
            int kind = r.nextInt(100);
            connections.incrementAndGet();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(20_000);
                s.setTcpNoDelay(true);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                if (kind < 45) { // keep-alive: 1-20 requests on one connection, then close
                    int k = 1 + r.nextInt(20);
                    for (int i = 0; i < k && running; i++) {
                        exchange(in, out, KEEP);
                        Thread.sleep(r.nextInt(5, 60));
                    }
                } else if (kind < 80) { // one request, Connection: close
                    exchange(in, out, CLOSE);
                } else if (kind < 97) { // half-close after the request
                    long t0 = System.nanoTime();
                    out.write(KEEP);
                    out.flush();
                    s.shutdownOutput();
                    readResponse(in);
                    record(System.nanoTime() - t0);
                } else { // abandon: connect, send nothing; the proxy's idle timeout must close it
                    s.setSoTimeout(120_000);
                    while (running && in.read() >= 0) { }
                }
            } catch (IOException | InterruptedException e) {
                if (errors.incrementAndGet() < 20 && Boolean.getBoolean("soak.verbose")) {
                    System.err.println("port " + port + " behaviour " + kind + ": " + e);
                }
            }
            try {
                Thread.sleep(r.nextInt(20, 120));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static void exchange(InputStream in, OutputStream out, byte[] request) throws IOException {
        long t0 = System.nanoTime();
        out.write(request);
        out.flush();
        readResponse(in);
        record(System.nanoTime() - t0);
    }

    /** Reads one response with a Content-Length body (the bench upstream and the proxy's own answers have one). */
    static void readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("closed before the response head");
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : (b == '\r' ? 1 : 0);
        }
        String h = head.toString(StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        int i = h.indexOf("content-length:");
        int len = i < 0 ? 0 : Integer.parseInt(h.substring(i + 15, h.indexOf('\r', i)).trim());
        if (in.readNBytes(len).length != len) throw new IOException("short body");
        requests.incrementAndGet();
        if (h.startsWith("http/1.1 5")) fiveXX.incrementAndGet();
    }

    static void record(long nanos) {
        lock.lock();
        try {
            if (latN == lat.length) lat = Arrays.copyOf(lat, lat.length * 2);
            lat[latN++] = nanos;
        } finally {
            lock.unlock();
        }
    }

    /** Every 5 s, each proxy's toxic flips on or off (HTTP: delay or 503 on a share; TCP: latency or bandwidth). */
    static void toggle(int api, int httpCount, int tcpCount) {
        HttpClient c = HttpClient.newHttpClient();
        boolean[] on = new boolean[httpCount + tcpCount];
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (running) {
            for (int i = 0; i < on.length; i++) {
                boolean http = i < httpCount;
                String name = (http ? "soak_http_" + i : "soak_tcp_" + (i - httpCount));
                try {
                    if (!on[i]) {
                        String body = http
                                ? (r.nextBoolean() ? "{\"name\":\"t\",\"type\":\"http_delay\",\"attributes\":{\"delay\":20,\"percent\":30}}"
                                        : "{\"name\":\"t\",\"type\":\"http_error\",\"attributes\":{\"status\":503,\"percent\":10}}")
                                : (r.nextBoolean() ? "{\"name\":\"t\",\"type\":\"latency\",\"attributes\":{\"latency\":10,\"jitter\":5}}"
                                        : "{\"name\":\"t\",\"type\":\"bandwidth\",\"attributes\":{\"rate\":500}}");
                        c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/proxies/" + name + "/toxics"))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.discarding());
                    } else {
                        c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/proxies/" + name + "/toxics/t")).DELETE().build(),
                                HttpResponse.BodyHandlers.discarding());
                    }
                    on[i] = !on[i];
                } catch (IOException | InterruptedException e) {
                    System.err.println("toggle " + name + ": " + e);
                }
            }
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static long fds(long pid) {
        String[] l = new java.io.File("/proc/" + pid + "/fd").list();
        return l == null ? -1 : l.length;
    }

    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Heap in use as `jcmd <pid> GC.heap_info` reports it (total "used"). */
    static double heapMb(long pid) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), "GC.heap_info")
                    .redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(s);
            return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /** CLOSE-WAIT sockets owned by the proxy process (other processes' are not counted). */
    static long closeWait(long pid) {
        try {
            Process p = new ProcessBuilder("ss", "-tanHp", "state", "close-wait").redirectErrorStream(true).start();
            long n = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().filter(x -> x.contains("pid=" + pid + ",")).count();
            p.waitFor();
            return n;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static long sum(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix)).mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
