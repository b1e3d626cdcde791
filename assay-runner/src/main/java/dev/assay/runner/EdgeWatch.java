package dev.assay.runner;

import java.util.Set;

/**
 * The call edges ({@code caller->callee}) seen in live traffic now, e.g. from traces. The runner asks before the
 * baseline and after the experiment: an edge seen only afterwards, and unknown to the system model, was first
 * seen during the fault (a fallback that runs only under failure) and is recorded as discovered.
 * {@link #NONE} sees nothing.
 */
@FunctionalInterface
public interface EdgeWatch {
    EdgeWatch NONE = Set::of;

    Set<String> seen();
}
