package dev.assay.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/live/stream}: the live run as server-sent events, one {@code event: live} whose data is the JSON of
 * {@code /api/live} now and after every change the model reports ({@link DashboardModel#onLiveChange}; changes that come
 * faster than they are written are coalesced into one event), and a comment every {@link #KEEP_ALIVE_SECONDS} seconds so
 * that a client that went away is noticed and proxies keep the stream open. A model with nothing live to follow answers
 * 404, and the page polls instead.
 */
final class LiveStream {
    static final String ROUTE = "/api/live/stream";
    static final int KEEP_ALIVE_SECONDS = 15;

    private LiveStream() {
    }

    static void serve(HttpExchange x, DashboardModel model) throws IOException {
        Semaphore changed = new Semaphore(0);
        Optional<AutoCloseable> subscription = model.onLiveChange(changed::release);
        if (subscription.isEmpty()) {
            Dashboard.send(x, 404, "application/json", "{\"error\":\"no live run to stream here; poll /api/live\"}");
            return;
        }
        x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("X-Accel-Buffering", "no");
        x.sendResponseHeaders(200, 0);
        try (AutoCloseable sub = subscription.get(); OutputStream out = x.getResponseBody()) {
            write(out, "retry: 2000\nevent: live\ndata: " + Api.live(model) + "\n\n");
            while (!Thread.currentThread().isInterrupted()) {
                if (changed.tryAcquire(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS)) {
                    changed.drainPermits();
                    write(out, "event: live\ndata: " + Api.live(model) + "\n\n");
                } else {
                    write(out, ": keep-alive\n\n");
                }
            }
        } catch (IOException e) {
            // the page went away: the subscription is closed, nothing else to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // closing a subscription does not fail; the stream is over either way
        }
    }

    private static void write(OutputStream out, String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
