package dev.assay.dashboard;

import dev.assay.model.Incident;
import dev.assay.model.Topology;
import dev.assay.planner.Plan;
import dev.assay.verdict.Outcome;
import java.util.List;
import java.util.Optional;

/**
 * What the dashboard's pages show, and the one action they take. Implemented over a journal alone
 * ({@link JournalDashboardModel}: {@code assay report --serve}) and over the live controller ({@code assay serve}).
 * Every method is called on the HTTP server's threads, once per page or poll, so it must be safe to call concurrently
 * and quick (a snapshot, not a computation per row). No method returns null.
 */
public interface DashboardModel {
    /** The system's name for page titles ({@code assay-demo-shop}). */
    String systemName();

    /** The dependency graph the beliefs are about; empty while nothing is known yet (a journal without a belief snapshot). */
    Optional<Topology> topology();

    /**
     * What the beliefs say: findings, budgets, scores, one {@link EdgeBelief} per edge of {@link #topology()}, and which
     * findings incidents taught. Compute it with {@link EdgeBeliefs#learn} (the one place both models do).
     */
    DashboardBeliefs beliefs();

    /**
     * The hook for mechanism text: the inferred failure mechanism of the edge {@code from -> to} in words, e.g.
     * {@code 2 retries without backoff, timeout 300 ms, no breaker, no fallback, P = 0.93}
     * ({@link EdgeBeliefs#mechanismText}); empty when unknown. Shown in the graph's edge panel, as the edge's label and
     * tooltip, and in the edge table.
     */
    Optional<String> inferredMechanism(String from, String to);

    /** The planner's current plan: runnable candidates best first with EIG and cost, then blocked ones with why. */
    Plan plan();

    /** Every outcome, oldest first (the journal's order). */
    List<Outcome> outcomes();

    /** Every incident (postmortem facts) the journal holds, oldest first. */
    List<Incident> incidents();

    /** The experiment running now, if any (see {@link LiveRuns}, which builds it from the runner's listener events). */
    Optional<LiveRun> live();

    /**
     * Calls {@code onChange} (quickly, on the runner's thread: it must not block) after every change of {@link #live()},
     * until the returned handle is closed: what the Live view's server-sent events stream. Empty when this model has no
     * live run to follow (a journal alone); the page then polls.
     */
    Optional<AutoCloseable> onLiveChange(Runnable onChange);

    /**
     * Stops the live experiment: its faults are rolled back and it ends ABORTED ("stopped by the operator"). Returns
     * false when no experiment is live (nothing to stop). Must return quickly; the rollback goes on on the runner's thread.
     */
    boolean stop();
}
