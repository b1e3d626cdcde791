package dev.assay.runner;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Intent;
import dev.assay.planner.Candidate;
import dev.assay.planner.Plan;
import dev.assay.verdict.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The loop of {@code assay run}: plan, confirm, run the best runnable intent, learn from its outcome,
 * re-plan, until {@code maxExperiments} ran, nothing runnable is left, a guard aborted, or the operator
 * stopped it. Each intent runs at most once per campaign.
 */
public final class Campaign {
    private final Supplier<Plan> planner;
    private final Map<String, Intent> intents;
    private final ExperimentRunner runner;
    private final Function<Candidate, Experiment> experiments;
    private final Predicate<Candidate> confirm;

    private Campaign(Supplier<Plan> planner, Map<String, Intent> intents, ExperimentRunner runner,
                     Function<Candidate, Experiment> experiments, Predicate<Candidate> confirm) {
        this.planner = planner;
        this.intents = intents;
        this.runner = runner;
        this.experiments = experiments;
        this.confirm = confirm;
    }

    /** {@code experiments} turns a chosen candidate into the experiment to run; {@code confirm} may decline it. */
    public static Campaign create(Supplier<Plan> planner, List<Intent> intents, ExperimentRunner runner,
                                  Function<Candidate, Experiment> experiments, Predicate<Candidate> confirm) {
        Map<String, Intent> byId = new java.util.LinkedHashMap<>();
        intents.forEach(i -> byId.put(i.id(), i));
        return new Campaign(requireNonNull(planner), byId, requireNonNull(runner), requireNonNull(experiments), requireNonNull(confirm));
    }

    /** The next candidate to run: the best-ranked runnable one that tests an intent not yet run. */
    public Optional<Candidate> next(Set<String> done) {
        return planner.get().candidates().stream()
                .filter(Candidate::runnable)
                .filter(c -> c.intent().isPresent() && intents.containsKey(c.intent().get()) && !done.contains(c.intent().get()))
                .findFirst();
    }

    public List<Outcome> run(int maxExperiments) {
        List<Outcome> outcomes = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (outcomes.size() < maxExperiments && !runner.stopRequested()) {
            Optional<Candidate> best = next(done);
            if (best.isEmpty() || !confirm.test(best.get())) break;
            done.add(best.get().intent().orElseThrow());
            Outcome o = runner.run(experiments.apply(best.get()));
            outcomes.add(o);
            if (o.abortReason().isPresent() && !o.abortReason().get().startsWith("pre-flight")) break; // a guard fired: stop and look
        }
        return outcomes;
    }

    /** A fresh experiment id: the intent's id and the time, unique within a journal. */
    public static String experimentId(String intentId, Clock clock) {
        String id = intentId.replaceAll("[^A-Za-z0-9._-]", "-");
        if (id.length() > 50) id = id.substring(0, 50);
        return id + "-" + clock.instant().toEpochMilli();
    }
}
