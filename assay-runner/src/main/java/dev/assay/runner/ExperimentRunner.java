package dev.assay.runner;

import static java.util.Objects.requireNonNull;

import dev.assay.journal.Journal;
import dev.assay.model.FaultType;
import dev.assay.spi.Injector;
import dev.assay.spi.SliSource;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.VerdictPolicy;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs experiments through their lifecycle (PLANNED → PREFLIGHT → BASELINE → INJECTING → ROLLBACK → RECOVERY
 * → DONE, or ABORTED), journaling each transition before its action. Built with {@link #builder()}.
 * {@link #stop()} (the CLI's SIGINT/SIGTERM handler) makes the running experiment roll back and end ABORTED.
 */
public final class ExperimentRunner {
    private final Lifecycle lifecycle;
    private final AtomicBoolean stopRequested;

    private ExperimentRunner(Lifecycle lifecycle, AtomicBoolean stopRequested) {
        this.lifecycle = lifecycle;
        this.stopRequested = stopRequested;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs {@code experiment} to its end and returns the recorded outcome. */
    public Outcome run(Experiment experiment) {
        return lifecycle.run(experiment);
    }

    /** Asks the running experiment to roll back and abort; safe to call from any thread, any number of times. */
    public void stop() {
        stopRequested.set(true);
    }

    public boolean stopRequested() {
        return stopRequested.get();
    }

    /**
     * True when no experiment is running: every fault it applied was removed (or reported unconfirmed) and its
     * outcome is journaled. After {@link #stop()} this becomes true within the rollback's bound (a removal takes
     * at most 30 s; recovery is checked once, without waiting): the moment a forced exit (a second Ctrl-C) may go.
     */
    public boolean idle() {
        return lifecycle.idle();
    }

    public static final class Builder {
        private Journal journal;
        private SliSource sli;
        private MeasurementSource measurements;
        private ErrorBudget budget;
        private final Map<FaultType, Injector> injectors = new EnumMap<>(FaultType.class);
        private Clock clock = Clock.systemUTC();
        private RunnerSettings settings = RunnerSettings.DEFAULTS;
        private VerdictPolicy policy = VerdictPolicy.DEFAULTS;
        private ExperimentListener listener = ExperimentListener.NONE;
        private BeliefUpdater beliefs = BeliefUpdater.NONE;
        private EdgeWatch edges = EdgeWatch.NONE;
        private String holder = defaultHolder();
        private java.time.Duration leaseWait = java.time.Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder journal(Journal journal) {
            this.journal = requireNonNull(journal, "journal");
            return this;
        }

        /** Where guards, the pre-flight and recovery read SLIs. */
        public Builder sli(SliSource sli) {
            this.sli = requireNonNull(sli, "sli");
            return this;
        }

        /** Where the verdict's raw samples come from. */
        public Builder measurements(MeasurementSource measurements) {
            this.measurements = requireNonNull(measurements, "measurements");
            return this;
        }

        public Builder budget(ErrorBudget budget) {
            this.budget = requireNonNull(budget, "budget");
            return this;
        }

        /** Registers {@code injector} for every fault type it supports (later registrations win). */
        public Builder injector(Injector injector) {
            injector.supports().forEach(t -> injectors.put(t, injector));
            return this;
        }

        public Builder injectors(List<Injector> all) {
            all.forEach(this::injector);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public Builder settings(RunnerSettings settings) {
            this.settings = requireNonNull(settings, "settings");
            return this;
        }

        public Builder policy(VerdictPolicy policy) {
            this.policy = requireNonNull(policy, "policy");
            return this;
        }

        public Builder listener(ExperimentListener listener) {
            this.listener = requireNonNull(listener, "listener");
            return this;
        }

        public Builder beliefs(BeliefUpdater beliefs) {
            this.beliefs = requireNonNull(beliefs, "beliefs");
            return this;
        }

        /** Edges seen in traffic now: those first seen during an experiment are recorded as discovered. */
        public Builder edges(EdgeWatch edges) {
            this.edges = requireNonNull(edges, "edges");
            return this;
        }

        /**
         * This controller's name on the journal's experiment lease (default host, pid and a random suffix) and how long
         * an experiment waits while another controller on the same journal holds it before it is skipped (default 30 s).
         */
        public Builder lease(String holder, java.time.Duration wait) {
            this.holder = requireNonNull(holder, "holder");
            this.leaseWait = requireNonNull(wait, "wait");
            return this;
        }

        private static String defaultHolder() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
            return host + "/" + ProcessHandle.current().pid() + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
        }

        public ExperimentRunner build() {
            requireNonNull(journal, "journal (call journal(...))");
            requireNonNull(sli, "sli (call sli(...))");
            requireNonNull(measurements, "measurements (call measurements(...))");
            requireNonNull(budget, "budget (call budget(...))");
            AtomicBoolean stop = new AtomicBoolean();
            return new ExperimentRunner(new Lifecycle(journal, sli, measurements, budget, Map.copyOf(injectors), clock, settings,
                    policy, listener, beliefs, stop::get, edges, holder, leaseWait), stop);
        }
    }
}
