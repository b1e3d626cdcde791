package dev.assay.demo;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Checkout's asynchronous confirmation e-mails: {@link #enqueue} never waits for the email service. A worker
 * drains the queue; a failed send is retried later (up to three times), and a full queue drops the message
 * (counted in {@code email_dropped}). This is why checkout tolerates an email outage.
 */
final class EmailQueue implements AutoCloseable {
    private record Message(TraceContext producer, String body, int attempts) {
    }

    private final ServiceNode owner;
    private final Downstream email;
    private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(5_000);
    private final Thread worker;
    private volatile boolean running = true;

    EmailQueue(ServiceNode owner, Downstream email) {
        this.owner = owner;
        this.email = email;
        this.worker = Thread.ofVirtual().name(owner.name + "-email-queue").start(this::drain);
    }

    void enqueue(TraceContext parent, String body) {
        Tracer.Active span = owner.tracer.producer(parent, email.callee(), "send confirmation");
        boolean queued = queue.offer(new Message(span.context, body, 0));
        if (!queued) owner.metrics.increment("email_dropped");
        span.end(!queued, queued ? "" : "queue full");
    }

    int backlog() {
        return queue.size();
    }

    private void drain() {
        while (running) {
            Message m;
            try {
                m = queue.poll(200, TimeUnit.MILLISECONDS);
                if (m == null) continue;
                try {
                    email.deliver(m.producer(), "/send", m.body());
                    owner.metrics.increment("email_sent");
                } catch (CallFailedException e) {
                    if (m.attempts() < 3) {
                        Thread.sleep(100);
                        if (!queue.offer(new Message(m.producer(), m.body(), m.attempts() + 1))) owner.metrics.increment("email_dropped");
                    } else {
                        owner.metrics.increment("email_dropped");
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
    }
}
