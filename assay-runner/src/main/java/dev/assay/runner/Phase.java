package dev.assay.runner;

/**
 * The lifecycle of an experiment. Every transition is journaled before the action it announces.
 * DONE, ABORTED and INTERRUPTED are ends; INTERRUPTED is set by the next run after a crash.
 */
public enum Phase {
    PLANNED, PREFLIGHT, BASELINE, INJECTING, ROLLBACK, RECOVERY, DONE, ABORTED, INTERRUPTED;

    public boolean isEnd() {
        return this == DONE || this == ABORTED || this == INTERRUPTED;
    }
}
