package dev.assay.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.Belief;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.generate.TopologyGenerator;
import dev.assay.model.Expectation;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.Magnitude;
import dev.assay.model.Quantity;
import dev.assay.model.Safety;
import dev.assay.model.Topology;
import dev.assay.planner.Candidate;
import dev.assay.planner.Plan;
import dev.assay.planner.PlanRequest;
import dev.assay.planner.Planner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Over random systems (generated topologies with random {@code spec.safety}), random intents and their plans,
 * bound through {@link SystemSafety} as every command binds them: nothing excluded anywhere (the system file
 * or any intent) is ever a runnable candidate's target or above the zone-involvement threshold, and no runnable
 * candidate is predicted to degrade more services than the strictest blast-radius limit that binds it.
 */
class SystemSafetyProperties {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final FaultType[] TYPES = {FaultType.LATENCY, FaultType.ERROR, FaultType.UNAVAILABLE};

    @Property(tries = 60)
    void nothingExcludedAnywhereIsEverARunnableTargetOrAboveTheThreshold(@ForAll @IntRange(min = 3, max = 40) int services,
                                                                           @ForAll @LongRange(min = 0, max = 100_000) long seed) {
        Topology t = TopologyGenerator.generate(services, seed);
        SplittableRandom rnd = new SplittableRandom(seed * 31 + services);
        List<String> names = t.services().stream().map(s -> s.name()).toList();
        Safety system = new Safety(0.5, someOf(names, rnd, 3), List.of(), Duration.ZERO, Duration.ofMinutes(10), someLimit(rnd));
        List<Intent> own = new ArrayList<>();
        int n = 1 + rnd.nextInt(4);
        for (int k = 0; k < n; k++) own.add(intent(k, t, names, rnd));

        SystemSafety.Bound bound = SystemSafety.bind(system, "assay.yaml", own);
        PlanRequest req = SystemSafety.constrain(PlanRequest.defaults().withTop(10_000).withBudget(1e9, 1.0), system);
        Plan plan = Planner.create(Belief.create(SystemGraph.of(t), Priors.broad(), Belief.Settings.DEFAULTS, CLOCK), bound.intents()).plan(req);

        Set<String> excluded = new LinkedHashSet<>(system.exclusionZones());
        own.forEach(i -> excluded.addAll(i.safety().exclusionZones()));
        for (Candidate c : plan.candidates()) {
            if (!c.runnable()) continue;
            assertThat(excluded).as("runnable %s targets an exclusion zone", c.id()).doesNotContain(c.fault().target());
            for (String z : excluded) {
                assertThat(c.predictedBlastRadius().getOrDefault(z, 0.0)).as("%s reaches zone %s", c.id(), z)
                        .isLessThanOrEqualTo(req.involvementThreshold());
            }
            double size = c.predictedBlastRadius().entrySet().stream().filter(e -> !e.getKey().equals(c.fault().target()))
                    .mapToDouble(Map.Entry::getValue).sum();
            int limit = system.maxBlastRadius().orElse(Integer.MAX_VALUE);
            if (c.intent().isPresent()) {
                Intent i = own.stream().filter(x -> x.id().equals(c.intent().get())).findFirst().orElseThrow();
                limit = Math.min(limit, i.safety().maxBlastRadius().orElse(Integer.MAX_VALUE));
            }
            assertThat(size).as("%s's expected blast radius", c.id()).isLessThanOrEqualTo(Math.min(limit, req.maxBlastRadius()) + 1e-9);
        }
    }

    private static Intent intent(int k, Topology t, List<String> names, SplittableRandom rnd) {
        String target = names.get(rnd.nextInt(names.size()));
        String behavior = rnd.nextBoolean() && !t.journeys().isEmpty() ? t.journeys().get(rnd.nextInt(t.journeys().size())).name()
                : names.get(rnd.nextInt(names.size()));
        FaultType type = TYPES[rnd.nextInt(TYPES.length)];
        Magnitude m = type == FaultType.LATENCY ? Magnitude.of("delayMs", 500) : Magnitude.NONE;
        return new Intent("intent-" + k, Optional.empty(), behavior, "h", Fault.of(type, target, m),
                List.of(new Expectation(behavior + ".errors.rate", Expectation.Comparison.BELOW, Quantity.ratio(0.01))), Optional.empty(),
                Optional.empty(), new Safety(0.5, someOf(names, rnd, 2), List.of(), Duration.ZERO, Duration.ofMinutes(5), someLimit(rnd)));
    }

    private static List<String> someOf(List<String> names, SplittableRandom rnd, int max) {
        List<String> out = new ArrayList<>();
        int n = rnd.nextInt(max + 1);
        for (int i = 0; i < n; i++) out.add(names.get(rnd.nextInt(names.size())));
        return out.stream().distinct().toList();
    }

    private static OptionalInt someLimit(SplittableRandom rnd) {
        return rnd.nextBoolean() ? OptionalInt.empty() : OptionalInt.of(rnd.nextInt(4));
    }
}
