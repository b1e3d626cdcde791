package dev.assay.journal;

import dev.assay.verdict.Outcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable record of everything the runner does: experiments, every lifecycle transition (written
 * <em>before</em> the action it announces), every fault applied and removed, outcomes and belief snapshots.
 * Each call returns only after its write is committed to disk, so a crash loses nothing that was reported
 * done. Tables are documented in {@code docs/journal.md}.
 */
public interface Journal extends AutoCloseable {
    /** Opens (creating and migrating if needed) the SQLite journal at {@code file}. */
    static Journal open(Path file) {
        return SqliteJournal.open(file);
    }

    /**
     * Opens the journal at {@code location}: a {@code postgresql://user:password@host:port/database} URL (a team
     * journal several controllers share) or else a SQLite file path. A bad URL or an unreachable server is a
     * {@link JournalException} that says what to fix.
     */
    static Journal open(String location) {
        return PostgresJournal.isUrl(location) ? PostgresJournal.open(location) : SqliteJournal.open(Path.of(location));
    }

    /** True when {@code location} names a journal that may already hold data: a server URL, or an existing file. */
    static boolean exists(String location) {
        return PostgresJournal.isUrl(location) || java.nio.file.Files.isRegularFile(Path.of(location));
    }

    /** Records a new experiment in state PLANNED. */
    void startExperiment(String experimentId, String intentId, List<String> predictedBlastRadius, Instant at);

    /** Records the experiment entering {@code state}; call before doing what the state means. */
    void transition(String experimentId, String state, String detail, Instant at);

    /** Records that a fault is about to be applied (before the injector is called). */
    void faultApplying(String experimentId, FaultEntry fault);

    /** Records that a fault is gone (removed, or verified expired). */
    void faultRemoved(String experimentId, String faultKey, Instant at);

    /** Marks the experiment finished in its terminal {@code state} (DONE, ABORTED, INTERRUPTED). */
    default void finishExperiment(String experimentId, String state, Instant at) {
        finishExperiment(experimentId, state, "", at);
    }

    /** As {@link #finishExperiment(String, String, Instant)}, with the terminal transition's {@code detail}. */
    void finishExperiment(String experimentId, String state, String detail, Instant at);

    /** Experiments that were started and never finished: the runner crashed or was killed during them. */
    List<Unfinished> unfinished();

    /**
     * Finished experiments that still have faults not recorded as removed: a rollback whose removal could not be
     * confirmed. {@code lastState} is the experiment's final state. The next run verifies each fault is gone.
     */
    List<Unfinished> unconfirmedRemovals();

    void recordOutcome(Outcome outcome);

    List<Outcome> outcomes();

    Optional<Outcome> outcome(String experimentId);

    /** The lifecycle of one experiment, in order. */
    List<Transition> transitions(String experimentId);

    /** Stores a snapshot of the belief model (JSON) taken after {@code experimentId}'s outcome. */
    void recordBeliefs(String experimentId, String beliefsJson, Instant at);

    Optional<String> latestBeliefs();

    /** Records one decision of the continuous scheduler (table {@code decisions}). */
    void recordDecision(Decision decision);

    /** Every decision, oldest first. */
    List<Decision> decisions();

    /**
     * Takes (or renews, for the same {@code holder}) the journal-wide experiment lease until {@code now + ttl}: true
     * if this holder has it now, false while another holder's lease has not expired. Two controllers on one journal
     * run experiments only while holding it, so they never overlap; a killed holder's lease simply expires.
     */
    boolean acquireExperimentLease(String holder, String experimentId, Instant now, java.time.Duration ttl);

    /** Gives the lease up, if {@code holder} has it. */
    void releaseExperimentLease(String holder);

    /** The lease as last written (possibly expired), if any controller ever took it and has not released it. */
    Optional<ExperimentLease> experimentLease();

    /** Records an incident (postmortem facts); its id must be new. */
    void recordIncident(dev.assay.model.Incident incident);

    /** Every incident, oldest first. */
    List<dev.assay.model.Incident> incidents();

    /** Marks an open incident resolved at {@code at}; false if there is no open incident with that id. */
    boolean resolveIncident(String incidentId, Instant at);

    /** The incidents not yet resolved (continuous experiments freeze while there is one). */
    default List<dev.assay.model.Incident> openIncidents() {
        return incidents().stream().filter(dev.assay.model.Incident::open).toList();
    }

    /** True while an incident is open. */
    default boolean incidentOpen() {
        return !openIncidents().isEmpty();
    }

    /** Records the fingerprint of the topology {@code experimentId} ran on (the services and edges the model knew). */
    void recordTopology(String experimentId, String fingerprint);

    /** Experiment id to topology fingerprint, for the experiments that recorded one (oldest first). */
    java.util.Map<String, String> topologies();

    /** Where this journal is, for messages (a file path, or a server URL without password). */
    String location();

    /** The schema version this journal is at. */
    int schemaVersion();

    @Override
    void close();

    /** One fault of an experiment; {@code key} is unique within the experiment. */
    record FaultEntry(String key, String injector, String type, String target, String level, String leaseId,
                      Instant leaseExpiresAt, Instant at) {
        public FaultEntry {
            java.util.Objects.requireNonNull(key, "key");
            java.util.Objects.requireNonNull(injector, "injector");
            java.util.Objects.requireNonNull(type, "type");
            java.util.Objects.requireNonNull(target, "target");
            java.util.Objects.requireNonNull(level, "level");
            java.util.Objects.requireNonNull(leaseId, "leaseId");
            java.util.Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
            java.util.Objects.requireNonNull(at, "at");
        }
    }

    /** Who holds the experiment lease, for which experiment, until when. */
    record ExperimentLease(String holder, String experimentId, Instant expiresAt) {
    }

    /**
     * What the continuous scheduler decided at {@code at}: {@code action} is RAN, SKIPPED or FROZEN (see
     * docs/serve.md); the intent and experiment when there was one; {@code reason} says why, for a person.
     */
    record Decision(Instant at, String action, Optional<String> intentId, Optional<String> experimentId, String reason) {
        public Decision {
            java.util.Objects.requireNonNull(at, "at");
            java.util.Objects.requireNonNull(action, "action");
            java.util.Objects.requireNonNull(intentId, "intentId");
            java.util.Objects.requireNonNull(experimentId, "experimentId");
            java.util.Objects.requireNonNull(reason, "reason");
        }
    }

    record Transition(String experimentId, String state, String detail, Instant at) {
    }

    /** An experiment, its last known state and the faults not recorded as removed. */
    record Unfinished(String experimentId, String intentId, String lastState, Instant startedAt, List<FaultEntry> openFaults) {
        public Unfinished {
            openFaults = List.copyOf(openFaults);
        }
    }
}
