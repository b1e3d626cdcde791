package dev.assay.proxy;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One HTTP-mode proxy's idle upstream connections, kept per event loop so a client connection only picks up a
 * connection served by its own thread (no hand-off between threads). Newest first, so a few hot connections
 * stay warm; like HAProxy's pool purge, a connection idle here for {@link #IDLE_NANOS} (5 s) is closed, and at most
 * {@link #MAX_IDLE_PER_LOOP} wait per loop, so the proxy never hoards the upstream's connection slots. Disabling
 * the proxy or moving its upstream closes them all.
 */
final class UpstreamPool {
    /** Idle connections kept per event loop; more are closed on return. */
    static final int MAX_IDLE_PER_LOOP = 32;
    static final long IDLE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private final Map<EventLoop, io.netty.util.concurrent.ScheduledFuture<?>> purges = new ConcurrentHashMap<>();
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
        if (c.generation() != generation) {
            c.close();
            return;
        }
        ConcurrentLinkedDeque<UpstreamConnection> q = idle.computeIfAbsent(c.eventLoop(), this::startPurge);
        if (!c.isActive() || c.generation() != generation || q.size() >= MAX_IDLE_PER_LOOP) {
            c.close();
            return;
        }
        c.idleSince(System.nanoTime());
        q.addFirst(c);
    }

    private ConcurrentLinkedDeque<UpstreamConnection> startPurge(EventLoop loop) {
        ConcurrentLinkedDeque<UpstreamConnection> q = new ConcurrentLinkedDeque<>();
        purges.put(loop, loop.scheduleWithFixedDelay(() -> purge(q), 1, 1, java.util.concurrent.TimeUnit.SECONDS));
        return q;
    }

    /** Closes the connections idle longer than {@link #IDLE_NANOS}: the oldest are at the tail. */
    private static void purge(ConcurrentLinkedDeque<UpstreamConnection> q) {
        long now = System.nanoTime();
        UpstreamConnection c;
        while ((c = q.peekLast()) != null && now - c.idleSince() > IDLE_NANOS) {
            if (q.removeLastOccurrence(c)) c.close();
        }
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
        purges.values().forEach(f -> f.cancel(false));
        purges.clear();
        idle.values().forEach(q -> {
            UpstreamConnection c;
            while ((c = q.pollFirst()) != null) c.close();
        });
        idle.clear();
    }

    int idleCount() {
        return idle.values().stream().mapToInt(ConcurrentLinkedDeque::size).sum();
    }
}
