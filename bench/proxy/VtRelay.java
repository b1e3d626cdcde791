import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The alternative engine measured against Netty: a plain TCP relay with two virtual threads per connection
 * (blocking sockets), no toxics. Args: listen port, upstream port.
 */
public final class VtRelay {
    public static void main(String[] args) throws Exception {
        int upstream = Integer.parseInt(args[1]);
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 8192, InetAddress.getLoopbackAddress())) {
            System.out.println("vt relay on " + args[0]);
            while (true) {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> {
                    try {
                        Socket up = new Socket();
                        up.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstream));
                        client.setTcpNoDelay(true);
                        up.setTcpNoDelay(true);
                        Thread.ofVirtual().start(() -> pump(up, client));
                        pump(client, up);
                    } catch (IOException e) {
                        close(client);
                    }
                });
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) out.write(buf, 0, n);
        } catch (IOException ignored) {
            // peer gone
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
