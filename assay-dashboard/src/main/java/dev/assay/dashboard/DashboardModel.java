package dev.assay.dashboard;

import dev.assay.model.Topology;
import dev.assay.planner.Plan;
import dev.assay.runner.Learned;
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

    /** What the beliefs say about each edge of {@link #topology()}: fragile, tolerant or uncertain, and why (see {@link EdgeBeliefs}). */
    List<EdgeBelief> edgeBeliefs();

    /** The planner's current plan: runnable candidates best first with EIG and cost, then blocked ones with why. */
    Plan plan();

    /** Every outcome, oldest first (the journal's order). */
    List<Outcome> outcomes();

    /** Findings per edge, resilience budgets and scores per journey, services and edges first seen during an experiment. */
    Learned learned();

    /** The experiment running now, if any (see {@link LiveRuns}, which builds it from the runner's listener events). */
    Optional<LiveRun> live();

    /**
     * Stops the live experiment: its faults are rolled back and it ends ABORTED ("stopped by the operator"). Returns
     * false when no experiment is live (nothing to stop). Must return quickly; the rollback goes on on the runner's thread.
     */
    boolean stop();
}
