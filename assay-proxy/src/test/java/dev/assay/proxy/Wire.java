package dev.assay.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small client helpers for tests: raw sockets to proxies, raw HTTP to the admin API. */
final class Wire {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Wire() {
    }

    static Socket connect(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        Socket s = new Socket();
        s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 5000);
        s.setSoTimeout(10_000);
        s.setTcpNoDelay(true);
        return s;
    }

    /** Reads exactly n bytes (or fewer if the stream ends). */
    static byte[] read(InputStream in, int n) throws IOException {
        return in.readNBytes(n);
    }

    static HttpResponse<String> call(FaultProxy proxy, String method, String path, String body) throws IOException, InterruptedException {
        var a = proxy.apiAddress();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The proxy's metrics once they contain {@code line} (up to 30 s): a request is booked once its connection's
     * caller is known, which may be just after the response left.
     */
    static String awaitMetrics(FaultProxy proxy, String line) throws InterruptedException {
        if (line.contains("callee=") && !line.contains("caller=")) {
            long until = System.nanoTime() + 30_000_000_000L;
            String m = withoutCaller(proxy.metrics());
            while (!m.contains(line) && System.nanoTime() < until) {
                Thread.sleep(20);
                m = withoutCaller(proxy.metrics());
            }
            return proxy.metrics();
        }
        long until = System.nanoTime() + 30_000_000_000L;
        String m = proxy.metrics();
        while (!m.contains(line) && System.nanoTime() < until) {
            Thread.sleep(20);
            m = proxy.metrics();
        }
        return m;
    }

    /**
     * Metrics text without the {@code caller} label: a test JVM that hosts the upstream and also calls it is
     * named after the upstream once the callers' scan has seen it, unknown before (CallerIdentityTest pins callers).
     */
    static String withoutCaller(String metrics) {
        return metrics.replaceAll(",caller=\"[^\"]*\"", "");
    }

    /** Round trip time of one small echo through an open socket, in nanoseconds. */
    static long echoRoundTrip(Socket s) throws IOException {
        long t0 = System.nanoTime();
        s.getOutputStream().write('x');
        s.getOutputStream().flush();
        int b = s.getInputStream().read();
        if (b != 'x') throw new IOException("echo broke: " + b);
        return System.nanoTime() - t0;
    }

    /** A timing in milliseconds, taken anew on each call (may throw). */
    interface Timing {
        double millis() throws Exception;
    }

    /**
     * The fastest of up to {@code tries} timings, stopping at the first under {@code underMs}. A loaded machine only
     * ever adds time, so "the best try is under the bound" checks an upper bound without flaking, while each try can
     * still be held to a lower bound by the caller.
     */
    static double fastestOf(int tries, double underMs, Timing t) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < tries && best >= underMs; i++) best = Math.min(best, t.millis());
        return best;
    }
}
