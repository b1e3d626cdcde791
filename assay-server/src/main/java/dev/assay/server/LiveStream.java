package dev.assay.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/live/stream}: Server-Sent Events, one {@code event: live} with the {@link LiveRun} JSON per change
 * (the current state first), and a comment every 15 s so proxies keep the stream open. Ends when the client goes.
 */
final class LiveStream {
    private LiveStream() {
    }

    static void serve(HttpExchange ex, Controller controller) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        LinkedBlockingQueue<LiveRun> changes = new LinkedBlockingQueue<>(1000);
        try (OutputStream out = ex.getResponseBody(); AutoCloseable sub = controller.subscribe(changes::offer)) {
            controller.live().ifPresent(changes::offer);
            while (!Thread.currentThread().isInterrupted()) {
                LiveRun l = changes.poll(15, TimeUnit.SECONDS);
                String frame = l == null ? ": keep-alive\n\n"
                        : "id: " + l.seq() + "\nevent: live\ndata: " + Views.JSON.writeValueAsString(Views.live(l)) + "\n\n";
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // closing the subscription cannot fail
        }
    }
}
