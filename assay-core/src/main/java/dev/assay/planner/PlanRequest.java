package dev.assay.planner;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One planning question: the live constraints and the knobs of the ranking. The error budget is counted
 * in <em>journey-outage minutes</em>: one minute of a journey carrying all traffic fully degraded costs 1.
 * A candidate's expected cost is {@code sum_j P(j degrades) * trafficShare_j * scope * durationMinutes};
 * it may spend at most {@code remainingBudgetMinutes * budgetFraction} (the intent's own
 * {@code budgetFraction}, or {@link #generatedBudgetFraction} for generated candidates).
 *
 * @param remainingBudgetMinutes   error budget left (default 43.2: a 99.9% SLO over 30 days, unspent)
 * @param exclusionZones           services never to touch (added to every intent's own zones)
 * @param degradedServices         services already degraded now (live health): never a target
 * @param trafficMix               journey → share of active traffic; empty means "by journey weight"
 * @param top                      how many runnable candidates to return
 * @param exactTop                 how many of the best candidates are re-scored exactly
 * @param seed                     seed of every Monte-Carlo estimate (same inputs + seed → same plan)
 * @param involvementThreshold     P(an exclusion zone degrades) above which a candidate is blocked
 * @param maxBlastRadius           expected number of degraded services above which a candidate is blocked
 * @param redundancyBits           an intent whose outcome carries less information than this is redundant
 * @param generatedDuration        how long a generated candidate runs
 * @param generatedBudgetFraction  the budget fraction a generated candidate may spend
 * @param guardWindow              how long a degradation lasts before an intent's {@code abortWhen} guards stop it:
 *                                 a guarded intent's exposure is {@code min(maxDuration, guardWindow)} (default 1 minute)
 * @param overheadMinutes          the fixed cost of running any experiment, added to the expected cost in the score
 *                                 ({@code score = eig / (expectedCost + overheadMinutes)}, default 0.01), so that
 *                                 near-free but near-useless experiments do not win on the ratio alone
 * @param latencyScope             the scope of generated latency faults, default a 10% cohort (errors and unavailability carry
 *                                 their level as their scope)
 * @param slotInformationWeight    weight of the update-aware term of a generated candidate's EIG (default 0: journey impact
 *                                 only): the expected information the belief's own update would gain about every
 *                                 edge's and journey's tolerance slot from the services' outcomes, so that candidates
 *                                 teaching about inner edges count, and a candidate the update cannot learn from
 *                                 (its outcome already explained by another path) scores 0. {@code eig = journeyEig +
 *                                 slotInformationWeight * slotBits}
 */
public record PlanRequest(double remainingBudgetMinutes, List<String> exclusionZones, Set<String> degradedServices,
                          Map<String, Double> trafficMix, int top, int exactTop, long seed, double involvementThreshold,
                          double maxBlastRadius, double redundancyBits, Duration generatedDuration,
                          double generatedBudgetFraction, Scope latencyScope, Duration guardWindow, double overheadMinutes,
                          double slotInformationWeight) {
    public PlanRequest {
        if (!(slotInformationWeight >= 0)) throw new IllegalArgumentException("slotInformationWeight must be >= 0");
        exclusionZones = List.copyOf(exclusionZones);
        degradedServices = Set.copyOf(degradedServices);
        trafficMix = Map.copyOf(trafficMix);
        requireNonNull(generatedDuration, "generatedDuration");
        requireNonNull(latencyScope, "latencyScope");
        requireNonNull(guardWindow, "guardWindow");
        if (!(overheadMinutes > 0)) throw new IllegalArgumentException("overheadMinutes must be > 0");
        if (!(remainingBudgetMinutes >= 0)) throw new IllegalArgumentException("remainingBudgetMinutes must be >= 0");
        if (top < 1 || exactTop < 0) throw new IllegalArgumentException("top must be >= 1 and exactTop >= 0");
        if (!(involvementThreshold >= 0 && involvementThreshold <= 1)) throw new IllegalArgumentException("involvementThreshold must be in [0, 1]");
        if (!(maxBlastRadius >= 0) || !(redundancyBits >= 0)) throw new IllegalArgumentException("maxBlastRadius and redundancyBits must be >= 0");
        if (!(generatedBudgetFraction > 0 && generatedBudgetFraction <= 1)) throw new IllegalArgumentException("generatedBudgetFraction must be in (0, 1]");
        trafficMix.forEach((k, v) -> {
            if (!(v >= 0)) throw new IllegalArgumentException("traffic share of " + k + " must be >= 0");
        });
    }

    /** The request without the update-aware term ({@code slotInformationWeight = 0}), as before it existed. */
    public PlanRequest(double remainingBudgetMinutes, List<String> exclusionZones, Set<String> degradedServices,
                       Map<String, Double> trafficMix, int top, int exactTop, long seed, double involvementThreshold,
                       double maxBlastRadius, double redundancyBits, Duration generatedDuration,
                       double generatedBudgetFraction, Scope latencyScope, Duration guardWindow, double overheadMinutes) {
        this(remainingBudgetMinutes, exclusionZones, degradedServices, trafficMix, top, exactTop, seed, involvementThreshold,
                maxBlastRadius, redundancyBits, generatedDuration, generatedBudgetFraction, latencyScope, guardWindow, overheadMinutes, 0);
    }

    public static PlanRequest defaults() {
        return new PlanRequest(43.2, List.of(), Set.of(), Map.of(), 10, 10, 1L, 0.05, 25, 0.02, Duration.ofMinutes(5), 0.05, Scope.percent(10),
                Duration.ofMinutes(1), 0.01);
    }

    public PlanRequest withTop(int n) {
        return new PlanRequest(remainingBudgetMinutes, exclusionZones, degradedServices, trafficMix, n, exactTop, seed,
                involvementThreshold, maxBlastRadius, redundancyBits, generatedDuration, generatedBudgetFraction, latencyScope, guardWindow, overheadMinutes, slotInformationWeight);
    }

    public PlanRequest withSeed(long s) {
        return new PlanRequest(remainingBudgetMinutes, exclusionZones, degradedServices, trafficMix, top, exactTop, s,
                involvementThreshold, maxBlastRadius, redundancyBits, generatedDuration, generatedBudgetFraction, latencyScope, guardWindow, overheadMinutes, slotInformationWeight);
    }

    public PlanRequest withExclusionZones(List<String> zones) {
        return new PlanRequest(remainingBudgetMinutes, zones, degradedServices, trafficMix, top, exactTop, seed,
                involvementThreshold, maxBlastRadius, redundancyBits, generatedDuration, generatedBudgetFraction, latencyScope, guardWindow, overheadMinutes, slotInformationWeight);
    }

    public PlanRequest withDegradedServices(Set<String> degraded) {
        return new PlanRequest(remainingBudgetMinutes, exclusionZones, degraded, trafficMix, top, exactTop, seed,
                involvementThreshold, maxBlastRadius, redundancyBits, generatedDuration, generatedBudgetFraction, latencyScope, guardWindow, overheadMinutes, slotInformationWeight);
    }

    public PlanRequest withTrafficMix(Map<String, Double> mix) {
        return new PlanRequest(remainingBudgetMinutes, exclusionZones, degradedServices, mix, top, exactTop, seed,
                involvementThreshold, maxBlastRadius, redundancyBits, generatedDuration, generatedBudgetFraction, latencyScope, guardWindow, overheadMinutes, slotInformationWeight);
    }

    public PlanRequest withBudget(double remainingMinutes, double generatedFraction) {
        return new PlanRequest(remainingMinutes, exclusionZones, degradedServices, trafficMix, top, exactTop, seed,
                involvementThreshold, maxBlastRadius, redundancyBits, generatedDuration, generatedFraction, latencyScope, guardWindow, overheadMinutes, slotInformationWeight);
    }

    public PlanRequest withMaxBlastRadius(double max) {
        return new PlanRequest(remainingBudgetMinutes, exclusionZones, degradedServices, trafficMix, top, exactTop, seed,
                involvementThreshold, max, redundancyBits, generatedDuration, generatedBudgetFraction, latencyScope, guardWindow, overheadMinutes, slotInformationWeight);
    }

    public PlanRequest withExactTop(int n) {
        return new PlanRequest(remainingBudgetMinutes, exclusionZones, degradedServices, trafficMix, top, n, seed,
                involvementThreshold, maxBlastRadius, redundancyBits, generatedDuration, generatedBudgetFraction, latencyScope, guardWindow, overheadMinutes, slotInformationWeight);
    }

    public PlanRequest withOverheadMinutes(double overhead) {
        return new PlanRequest(remainingBudgetMinutes, exclusionZones, degradedServices, trafficMix, top, exactTop, seed,
                involvementThreshold, maxBlastRadius, redundancyBits, generatedDuration, generatedBudgetFraction, latencyScope, guardWindow, overhead,
                slotInformationWeight);
    }

    public PlanRequest withSlotInformationWeight(double weight) {
        return new PlanRequest(remainingBudgetMinutes, exclusionZones, degradedServices, trafficMix, top, exactTop, seed,
                involvementThreshold, maxBlastRadius, redundancyBits, generatedDuration, generatedBudgetFraction, latencyScope, guardWindow, overheadMinutes,
                weight);
    }
}
