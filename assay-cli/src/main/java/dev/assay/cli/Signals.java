package dev.assay.cli;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM for {@code assay run}: instead of the JVM's default (exit at once, faults left to their
 * leases) the handler asks the runner to roll back; the run then returns exit code 4. Every further signal
 * only calls the handler again, so a second Ctrl-C never skips the rollback.
 */
final class Signals {
    private Signals() {
    }

    static void onInterrupt(Runnable handler) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> handler.run());
            } catch (IllegalArgumentException e) {
                // the signal is not available on this platform or is reserved by the JVM; leases still bound every fault
            }
        }
    }
}
