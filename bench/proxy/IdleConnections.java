import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.nio.channels.SocketChannel;

/**
 * Opens N connections through a proxy, holds them idle for S seconds, then sends one HTTP request on each
 * and counts the ones that fail. Args: host:port, N, S.
 */
public final class IdleConnections {
    public static void main(String[] args) throws Exception {
        String[] hp = args[0].split(":");
        int n = Integer.parseInt(args[1]);
        int holdSeconds = Integer.parseInt(args[2]);
        List<SocketChannel> open = new ArrayList<>(n);
        int connectErrors = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try {
                open.add(SocketChannel.open(new InetSocketAddress(hp[0], Integer.parseInt(hp[1]))));
            } catch (Exception e) {
                connectErrors++;
            }
        }
        System.out.printf("opened %d connections in %.1f s (%d connect errors)%n", open.size(), (System.nanoTime() - t0) / 1e9, connectErrors);
        Thread.sleep(holdSeconds * 1000L);
        byte[] req = "GET / HTTP/1.1\r\nHost: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        int ok = 0;
        int failed = 0;
        for (SocketChannel ch : open) {
            try {
                ch.socket().setSoTimeout(5000);
                OutputStream out = ch.socket().getOutputStream();
                InputStream in = ch.socket().getInputStream();
                out.write(req);
                byte[] head = in.readNBytes(15);
                if (new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) ok++;
                else failed++;
            } catch (Exception e) {
                failed++;
            }
        }
        for (SocketChannel ch : open) ch.close();
        System.out.printf("after %d s idle: %d of %d connections answered 200, %d failed, %d connect errors%n",
                holdSeconds, ok, n, failed, connectErrors);
        System.exit(failed + connectErrors == 0 && ok == n ? 0 : 1);
    }
}
