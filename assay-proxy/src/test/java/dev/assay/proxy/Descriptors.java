package dev.assay.proxy;

import java.io.File;
import java.time.Duration;

/** This JVM's open file descriptors ({@code /proc/self/fd}): the proxy under test runs in it. */
final class Descriptors {
    private Descriptors() {
    }

    static int open() {
        String[] fds = new File("/proc/self/fd").list();
        if (fds == null) throw new IllegalStateException("/proc/self/fd is not readable; these tests need Linux");
        return fds.length;
    }

    /** Waits until at most {@code max} descriptors are open; fails with the last count after {@code deadline}. */
    static void awaitAtMost(int max, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        int n;
        while ((n = open()) > max) {
            if (System.nanoTime() > end) throw new AssertionError("still " + n + " descriptors open after " + deadline + " (expected <= " + max + ")");
            Thread.sleep(100);
        }
    }
}
