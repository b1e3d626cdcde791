package dev.assay.proxy;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The idle timeouts of one event loop's connections, without a timer or a pipeline handler per channel: each
 * connection side holds an {@link Entry} that its reads and writes mark as active (a field write), and one task per
 * loop sweeps the entries every {@value #TICK_MILLIS} ms. A side with no activity for its timeout gets its
 * {@code onIdle} action; one that keeps the side open (e.g. an HTTP client waiting for a slow response) is looked
 * at again one timeout later. So a timeout fires between its length and its length plus one tick. Used only on its
 * loop's thread, so nothing here is locked.
 */
final class IdleSweep {
    static final long TICK_MILLIS = 50;
    private static final FastThreadLocal<IdleSweep> OF_LOOP = new FastThreadLocal<>();

    /** One side of one connection: mark it on each read or write; {@link #cancel} when the channel closed. */
    static final class Entry {
        private final long timeoutNanos;
        private final Runnable onIdle;
        private boolean active;
        private long quietSince;
        private int index = -1;
        private IdleSweep sweep;

        private Entry(long timeoutNanos, Runnable onIdle) {
            this.timeoutNanos = timeoutNanos;
            this.onIdle = onIdle;
        }

        /** Bytes went either way on this side. */
        void touch() {
            active = true;
        }

        /** The side closed: no more sweeps. */
        void cancel() {
            if (index >= 0) sweep.remove(this);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final EventLoop loop;
    private boolean scheduled;

    private IdleSweep(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * Watches a side for {@code timeoutMillis} of silence, then runs {@code onIdle} on the loop. Call on
     * {@code loop}'s thread.
     */
    static Entry watch(EventLoop loop, long timeoutMillis, Runnable onIdle) {
        if (!loop.inEventLoop()) throw new IllegalStateException("IdleSweep.watch must run on the connection's event loop");
        IdleSweep s = OF_LOOP.get();
        if (s == null || s.loop != loop) {
            s = new IdleSweep(loop);
            OF_LOOP.set(s);
        }
        Entry e = new Entry(TimeUnit.MILLISECONDS.toNanos(Math.max(1, timeoutMillis)), onIdle);
        e.sweep = s;
        e.quietSince = System.nanoTime();
        e.index = s.entries.size();
        s.entries.add(e);
        if (!s.scheduled) {
            s.scheduled = true;
            IdleSweep self = s;
            loop.scheduleAtFixedRate(self::sweep, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        return e;
    }

    private void remove(Entry e) {
        int i = e.index;
        Entry last = entries.removeLast();
        if (last != e) {
            entries.set(i, last);
            last.index = i;
        }
        e.index = -1;
    }

    /** Entries watched now on this thread's loop (for tests). */
    static int watched() {
        IdleSweep s = OF_LOOP.get();
        return s == null ? 0 : s.entries.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        List<Entry> idle = null;
        for (Entry e : entries) {
            if (e.active) {
                e.active = false;
                e.quietSince = now;
            } else if (now - e.quietSince >= e.timeoutNanos) {
                if (idle == null) idle = new ArrayList<>();
                idle.add(e);
            }
        }
        if (idle == null) return;
        for (Entry e : idle) {
            if (e.index < 0) continue; // cancelled by an earlier action of this sweep
            e.quietSince = now; // if the action keeps the side open, look again one timeout later
            e.onIdle.run();
        }
    }
}
