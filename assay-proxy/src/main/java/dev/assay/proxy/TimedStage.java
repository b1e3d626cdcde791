package dev.assay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A stage that releases chunks in order at computed times (latency, bandwidth, slicer, slow_close). One timer
 * per stage, for the head of the queue. The end of stream queues behind the data, so nothing overtakes it.
 */
abstract class TimedStage extends Stage {
    private record Item(ByteBuf chunk, long arrivalNanos, long releaseNanos) {
    }

    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private ScheduledFuture<?> timer;
    /** The release time of the last queued item; later items never leave before it. */
    long lastRelease;

    TimedStage(Link link) {
        super(link);
    }

    final void enqueue(ByteBuf chunk, long arrivalNanos, long releaseNanos) {
        long release = Math.max(releaseNanos, lastRelease);
        lastRelease = release;
        if (chunk != null) link.hold(chunk.readableBytes());
        queue.add(new Item(chunk, arrivalNanos, release));
        if (queue.size() == 1) schedule();
    }

    /** Queues the end of stream to leave {@code delayNanos} after the last data. */
    final void enqueueClose(long delayNanos) {
        enqueue(null, 0, Math.max(System.nanoTime(), lastRelease) + delayNanos);
    }

    private void schedule() {
        Item head = queue.peek();
        if (head == null) return;
        long wait = head.releaseNanos - System.nanoTime();
        if (wait <= 0) {
            link.eventLoop().execute(this::release);
        } else {
            timer = link.eventLoop().schedule(this::release, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void release() {
        timer = null;
        long now = System.nanoTime();
        Item head;
        while ((head = queue.peek()) != null && head.releaseNanos <= now) {
            queue.poll();
            forward(head);
        }
        link.flush();
        schedule();
    }

    private void forward(Item item) {
        if (item.chunk == null) {
            next.close();
        } else {
            link.release(item.chunk.readableBytes());
            next.data(item.chunk, item.arrivalNanos);
        }
    }

    @Override
    void close() {
        enqueueClose(0);
    }

    @Override
    void detach() {
        if (timer != null) timer.cancel(false);
        timer = null;
        Item item;
        while ((item = queue.poll()) != null) forward(item);
        link.flush();
    }
}
