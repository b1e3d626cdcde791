package dev.assay.planner;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Journey;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * How {@code assay plan} and the dashboard rank a plan for people: a fault on a journey's own entry service is certain to
 * degrade the journey (it teaches about the entry, not about how the journey copes with its dependencies), so generated
 * candidates on an entry go behind every other runnable candidate. Intents keep their place: someone asked for them.
 */
public final class EntryFaults {
    private EntryFaults() {
    }

    /**
     * The best {@code top} runnable candidates of {@code plan}, generated faults on an entry of {@code topology} last, then
     * every blocked candidate in the plan's order; redundant intents and statistics as they were. Plan with a larger
     * {@link PlanRequest#withTop top} than {@code top} (e.g. {@code top * 4 + 8}) so the entry faults can be moved back and
     * the top still filled.
     */
    public static Plan last(Plan plan, Topology topology, int top) {
        requireNonNull(plan, "plan");
        requireNonNull(topology, "topology");
        if (top < 0) throw new IllegalArgumentException("top must not be negative, was " + top);
        Set<String> entries = topology.journeys().stream().map(Journey::entry).collect(Collectors.toSet());
        Predicate<Candidate> onEntry = c -> c.intent().isEmpty() && entries.contains(c.fault().target());
        List<Candidate> runnable = new ArrayList<>();
        plan.candidates().stream().filter(Candidate::runnable).filter(onEntry.negate()).forEach(runnable::add);
        plan.candidates().stream().filter(Candidate::runnable).filter(onEntry).forEach(runnable::add);
        List<Candidate> out = new ArrayList<>(runnable.subList(0, Math.min(top, runnable.size())));
        plan.candidates().stream().filter(c -> !c.runnable()).forEach(out::add);
        return new Plan(out, plan.redundant(), plan.stats());
    }
}
