package dev.assay.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM for {@code assay run} and {@code assay demo}: exit after Ctrl-C is bounded by design.
 * <ol>
 *   <li>The first signal asks the command to stop (the runner rolls back every fault, journals, and the command
 *       returns exit code 4). Rollback first: nothing is torn down before it.</li>
 *   <li>A second signal forces the exit <em>after the rollback</em>: it waits until no experiment is running
 *       ({@code idle}: its faults removed, or reported unconfirmed, and its outcome journaled), at most
 *       {@link #ROLLBACK_WAIT} (a removal is itself bounded to 30 s; what is not removed by then expires with its
 *       lease and the next run verifies it), runs the bounded {@code teardown}, and halts with exit code 4.</li>
 *   <li>A watchdog started by the first signal does the same if the command has not exited within
 *       {@link #EXIT_DEADLINE}, whatever blocked it.</li>
 * </ol>
 * The handlers never block the signal thread: waiting happens on daemon threads.
 */
final class Signals {
    /** How long a forced exit waits for the rollback: the runner's removal deadline (30 s) and a margin. */
    static final Duration ROLLBACK_WAIT = Duration.ofSeconds(35);
    /** The latest a command exits after the first signal, rollback included. */
    static final Duration EXIT_DEADLINE = Duration.ofSeconds(90);

    private Signals() {
    }

    /**
     * Installs the handlers. {@code stop} must not block; {@code idle} says whether no experiment is running;
     * {@code teardown} runs (bounded, e.g. killing child processes) just before a forced exit.
     */
    static void onInterrupt(Runnable stop, BooleanSupplier idle, Runnable teardown, PrintWriter err) {
        AtomicInteger count = new AtomicInteger();
        AtomicBoolean forcing = new AtomicBoolean();
        Runnable force = () -> {
            if (forcing.compareAndSet(false, true)) {
                Thread.ofPlatform().daemon().name("assay-forced-exit").start(() -> forceExit(idle, teardown, err));
            }
        };
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (count.incrementAndGet() == 1) {
                        stop.run();
                        Thread.ofPlatform().daemon().name("assay-exit-watchdog").start(() -> {
                            sleep(EXIT_DEADLINE.toMillis());
                            err.println("still running " + EXIT_DEADLINE.toSeconds() + " s after the signal: forcing the exit");
                            force.run();
                        });
                    } else {
                        err.println("second signal: exiting as soon as the rollback is done and journaled (at most " + ROLLBACK_WAIT.toSeconds() + " s)");
                        err.flush();
                        force.run();
                    }
                });
            } catch (IllegalArgumentException e) {
                // the signal is not available on this platform or is reserved by the JVM; leases still bound every fault
            }
        }
    }

    private static void forceExit(BooleanSupplier idle, Runnable teardown, PrintWriter err) {
        long deadline = System.nanoTime() + ROLLBACK_WAIT.toNanos();
        while (!idle.getAsBoolean() && System.nanoTime() < deadline) sleep(20);
        err.println(idle.getAsBoolean() ? "rolled back and journaled; exiting" : "the rollback did not finish within " + ROLLBACK_WAIT.toSeconds()
                + " s; exiting: what is left expires with its lease (the next run verifies it)");
        err.flush();
        exitNow(teardown);
    }

    /** Runs {@code teardown} for at most 5 s, then halts the JVM with exit code 4 (no shutdown hooks: they may block). */
    static void exitNow(Runnable teardown) {
        Thread t = Thread.ofPlatform().daemon().name("assay-teardown").start(teardown);
        try {
            t.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(ExitCode.ABORTED);
    }

    /** Kills every child process of this JVM (services a demo started); returns at once. */
    static void killChildren() {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
