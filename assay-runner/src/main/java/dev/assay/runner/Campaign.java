package dev.assay.runner;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Intent;
import dev.assay.planner.Candidate;
import dev.assay.planner.Plan;
import dev.assay.planner.PlanRequest;
import dev.assay.verdict.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one loop of Assay, which {@code assay run} and {@code assay demo} both drive: plan on the current beliefs,
 * set aside redundant intents (already near-certain), confirm, run the best runnable intent, learn from its
 * outcome (a guard abort is evidence too), re-plan, until {@code maxExperiments} ran, no runnable intent is
 * left, or the operator stopped it. After a guard abort the campaign goes on with the next candidate, unless
 * {@code stopOnAbort}. Each intent runs at most once per campaign.
 */
public final class Campaign {
    /** What the campaign decides between experiments (progress output); every method has an empty default. */
    public interface Listener {
        Listener NONE = new Listener() { };

        /** The {@code n}-th experiment is about to run {@code candidate}. */
        default void chosen(int n, Candidate candidate) {
        }

        default void redundant(String intent, double pHolds) {
        }

        /** No runnable intent is left; {@code intent} is blocked by {@code reasons}. */
        default void blocked(String intent, List<String> reasons) {
        }

        /** A guard aborted the experiment; the campaign goes on (or stops, with {@code stopOnAbort}). */
        default void aborted(Outcome outcome, boolean continuing) {
        }
    }

    /** How a campaign ended: the outcomes in order, what was set aside and why, and what was learned. */
    public record Result(List<Outcome> outcomes, List<Plan.Redundant> redundant, Map<String, List<String>> blocked, Learned learned,
                         boolean stoppedOnAbort) {
        public Result {
            outcomes = List.copyOf(outcomes);
            redundant = List.copyOf(redundant);
            blocked = Map.copyOf(blocked);
            requireNonNull(learned, "learned");
        }
    }

    private final Builder b;

    private Campaign(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The plan over {@code intents} on the current beliefs (the learner's {@link BeliefLearner#planner}). */
    public Plan plan(List<Intent> intents) {
        return b.learner.planner(intents).plan(b.request);
    }

    /** The best-ranked runnable candidate of {@code plan} that tests one of {@code intents}. */
    static Optional<Candidate> next(Plan plan, Map<String, Intent> intents) {
        return plan.candidates().stream().filter(Candidate::runnable)
                .filter(c -> c.intent().isPresent() && intents.containsKey(c.intent().get())).findFirst();
    }

    public Result run(int maxExperiments) {
        Map<String, Intent> remaining = new LinkedHashMap<>();
        b.intents.forEach(i -> remaining.put(i.id(), i));
        List<Outcome> outcomes = new ArrayList<>();
        List<Plan.Redundant> redundant = new ArrayList<>();
        Map<String, List<String>> blocked = new LinkedHashMap<>();
        boolean stoppedOnAbort = false;
        while (outcomes.size() < maxExperiments && !b.runner.stopRequested() && !remaining.isEmpty()) {
            Plan plan = plan(List.copyOf(remaining.values()));
            for (Plan.Redundant r : plan.redundant()) {
                if (remaining.remove(r.intent()) != null) {
                    redundant.add(r);
                    b.listener.redundant(r.intent(), r.pHolds());
                }
            }
            Optional<Candidate> best = next(plan, remaining);
            if (best.isEmpty()) {
                plan.candidates().stream().filter(c -> c.intent().isPresent() && remaining.containsKey(c.intent().get()) && !c.runnable())
                        .forEach(c -> {
                            blocked.put(c.intent().get(), c.blockedBy());
                            b.listener.blocked(c.intent().get(), c.blockedBy());
                        });
                break;
            }
            if (!b.confirm.test(best.get())) break;
            Intent intent = remaining.remove(best.get().intent().orElseThrow());
            b.listener.chosen(outcomes.size() + 1, best.get());
            b.beforeEach.accept(intent);
            if (b.runner.stopRequested()) break;
            Outcome o = b.runner.run(b.experiments.apply(best.get()));
            outcomes.add(o);
            if (BeliefLearner.guardTripped(o)) {
                b.listener.aborted(o, !b.stopOnAbort);
                if (b.stopOnAbort) {
                    stoppedOnAbort = true;
                    break;
                }
            }
        }
        return new Result(outcomes, redundant, blocked, Learned.of(b.learner, outcomes), stoppedOnAbort);
    }

    /** A fresh experiment id: the intent's id and the time, unique within a journal. */
    public static String experimentId(String intentId, Clock clock) {
        String id = intentId.replaceAll("[^A-Za-z0-9._-]", "-");
        if (id.length() > 50) id = id.substring(0, 50);
        return id + "-" + clock.instant().toEpochMilli();
    }

    public static final class Builder {
        private BeliefLearner learner;
        private List<Intent> intents = List.of();
        private ExperimentRunner runner;
        private Function<Candidate, Experiment> experiments;
        private Predicate<Candidate> confirm = c -> true;
        private PlanRequest request = PlanRequest.defaults().withTop(10_000);
        private boolean stopOnAbort;
        private Listener listener = Listener.NONE;
        private Consumer<Intent> beforeEach = i -> { };

        private Builder() {
        }

        /** The beliefs the campaign plans on; the runner must learn through the same learner. */
        public Builder learner(BeliefLearner learner) {
            this.learner = requireNonNull(learner, "learner");
            return this;
        }

        public Builder intents(List<Intent> intents) {
            this.intents = List.copyOf(intents);
            return this;
        }

        public Builder runner(ExperimentRunner runner) {
            this.runner = requireNonNull(runner, "runner");
            return this;
        }

        /** Turns a chosen candidate into the experiment to run (its guards, watched services, id). */
        public Builder experiments(Function<Candidate, Experiment> experiments) {
            this.experiments = requireNonNull(experiments, "experiments");
            return this;
        }

        /** May decline a candidate (the operator's confirmation); declining ends the campaign. */
        public Builder confirm(Predicate<Candidate> confirm) {
            this.confirm = requireNonNull(confirm, "confirm");
            return this;
        }

        /** How to plan; by default every candidate is ranked, so no intent is crowded out by generated ones. */
        public Builder request(PlanRequest request) {
            this.request = requireNonNull(request, "request");
            return this;
        }

        /** End the campaign after the first guard abort instead of going on with the next candidate. */
        public Builder stopOnAbort(boolean stop) {
            this.stopOnAbort = stop;
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = requireNonNull(listener, "listener");
            return this;
        }

        /** Called with each chosen intent before its experiment (e.g. waiting for its steady state). */
        public Builder beforeEach(Consumer<Intent> beforeEach) {
            this.beforeEach = requireNonNull(beforeEach, "beforeEach");
            return this;
        }

        public Campaign build() {
            requireNonNull(learner, "learner (call learner(...))");
            requireNonNull(runner, "runner (call runner(...))");
            requireNonNull(experiments, "experiments (call experiments(...))");
            return new Campaign(this);
        }
    }
}
