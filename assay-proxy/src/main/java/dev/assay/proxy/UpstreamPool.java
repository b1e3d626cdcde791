package dev.assay.proxy;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One HTTP-mode proxy's idle upstream connections, kept per event loop so a client connection only picks up a
 * connection served by its own thread (no hand-off between threads). Newest first, so a few hot connections
 * stay warm and the rest reach the upstream idle timeout and close. Disabling the proxy or moving its upstream
 * closes them all.
 */
final class UpstreamPool {
    /** Idle connections kept per event loop; more are closed on return. */
    static final int MAX_IDLE_PER_LOOP = 512;
    private final Map<EventLoop, ConcurrentLinkedDeque<UpstreamConnection>> idle = new ConcurrentHashMap<>();
    private volatile long generation;

    /** An idle, open connection of {@code loop} dialled to the current upstream, if there is one. */
    Optional<UpstreamConnection> take(EventLoop loop) {
        ConcurrentLinkedDeque<UpstreamConnection> q = idle.get(loop);
        if (q == null) return Optional.empty();
        UpstreamConnection c;
        while ((c = q.pollFirst()) != null) {
            if (c.isActive() && c.generation() == generation) return Optional.of(c);
            c.close();
        }
        return Optional.empty();
    }

    /** Takes back a connection whose response ended cleanly; closes it if the pool is full or stale. */
    void offer(UpstreamConnection c) {
        ConcurrentLinkedDeque<UpstreamConnection> q = idle.computeIfAbsent(c.eventLoop(), k -> new ConcurrentLinkedDeque<>());
        if (!c.isActive() || c.generation() != generation || q.size() >= MAX_IDLE_PER_LOOP) {
            c.close();
            return;
        }
        q.addFirst(c);
    }

    /** A pooled connection closed (by the upstream or its idle timeout): forget it. */
    void forget(UpstreamConnection c) {
        ConcurrentLinkedDeque<UpstreamConnection> q = idle.get(c.eventLoop());
        if (q != null) q.remove(c);
    }

    long generation() {
        return generation;
    }

    /** Closes every idle connection; connections still in use are not returned afterwards. */
    void closeAll() {
        generation++;
        idle.values().forEach(q -> {
            UpstreamConnection c;
            while ((c = q.pollFirst()) != null) c.close();
        });
    }

    int idleCount() {
        return idle.values().stream().mapToInt(ConcurrentLinkedDeque::size).sum();
    }
}
