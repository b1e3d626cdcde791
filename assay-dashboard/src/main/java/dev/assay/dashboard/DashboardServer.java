package dev.assay.dashboard;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import dev.assay.model.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A dashboard on its own HTTP server (virtual threads), for {@code assay report --serve}; {@code assay serve} mounts the
 * dashboard on its API's server with {@link Dashboard#mount} instead. Closing stops the server.
 */
public final class DashboardServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private DashboardServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Serves {@code model}'s dashboard at the root of {@code address} (port 0: any free port). */
    public static DashboardServer start(InetSocketAddress address, DashboardModel model) {
        requireNonNull(address, "address");
        requireNonNull(model, "model");
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new InvalidInputException("cannot listen on " + address.getHostString() + ":" + address.getPort() + " (" + e.getMessage()
                    + "); pick another port with --port N (0 picks a free one)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the dashboard's HTTP server on " + address, e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        Dashboard.mount(server, "", model);
        server.start();
        return new DashboardServer(server, executor);
    }

    /** Where the dashboard is: {@code http://127.0.0.1:8470/}. */
    public URI url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
