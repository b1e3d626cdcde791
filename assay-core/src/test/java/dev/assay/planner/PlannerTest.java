package dev.assay.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.Belief;
import dev.assay.belief.BeliefState;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.model.FaultClass;
import dev.assay.model.Topology;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final PlanRequest ALL = PlanRequest.defaults().withTop(100_000).withBudget(1e9, 1.0).withMaxBlastRadius(1e9);

    static Belief belief(Topology t) {
        return Belief.create(SystemGraph.of(t), Priors.broad(), Belief.Settings.DEFAULTS, CLOCK);
    }

    @Test
    void candidatesIncludeTransitiveCalleesOfJourneyEntries() throws IOException {
        Topology boutique = SharedTopologies.load("online-boutique");
        Plan plan = Planner.create(belief(boutique), List.of()).plan(ALL);
        Set<String> targets = new java.util.HashSet<>();
        plan.candidates().forEach(c -> targets.add(c.fault().target()));
        // redis-cart is called by cart only, never by the entry (frontend) directly.
        assertThat(boutique.edge("frontend", "redis-cart")).isEmpty();
        assertThat(targets).contains("redis-cart", "email", "payment", "frontend");
        assertThat(targets).doesNotContain("loadgenerator");
    }

    @Test
    void candidatesOfSockShopReachDatabasesBehindServices() throws IOException {
        Plan plan = Planner.create(belief(SharedTopologies.load("sock-shop")), List.of()).plan(ALL);
        assertThat(plan.candidates()).extracting(c -> c.fault().target()).contains("orders-db", "user-db", "rabbitmq");
    }

    @Test
    void samePlanForSameInputsAndSeed() throws IOException {
        Topology boutique = SharedTopologies.load("online-boutique");
        Plan a = Planner.create(belief(boutique), List.of()).plan(PlanRequest.defaults().withSeed(7));
        Plan b = Planner.create(belief(boutique), List.of()).plan(PlanRequest.defaults().withSeed(7));
        assertThat(a.candidates()).isEqualTo(b.candidates());
        assertThat(a.stats().candidates()).isEqualTo(b.stats().candidates());
    }

    @Test
    void runnableCandidatesAreSortedBestFirstAndBlockedOnesFollow() throws IOException {
        Plan plan = Planner.create(belief(SharedTopologies.load("online-boutique")), List.of())
                .plan(PlanRequest.defaults().withTop(20));
        List<Candidate> runnable = plan.candidates().stream().filter(Candidate::runnable).toList();
        assertThat(runnable).hasSize(20);
        List<Double> scores = new ArrayList<>(runnable.stream().map(Candidate::score).toList());
        List<Double> sorted = new ArrayList<>(scores);
        sorted.sort(Collections.reverseOrder());
        assertThat(scores).isEqualTo(sorted);
        int lastRunnable = plan.candidates().indexOf(runnable.get(runnable.size() - 1));
        assertThat(plan.candidates().subList(lastRunnable + 1, plan.candidates().size())).noneMatch(Candidate::runnable);
    }

    @Test
    void aDegradedTargetIsBlocked() throws IOException {
        Plan plan = Planner.create(belief(SharedTopologies.load("online-boutique")), List.of())
                .plan(ALL.withDegradedServices(Set.of("cart")));
        assertThat(plan.candidates()).filteredOn(c -> c.fault().target().equals("cart")).allSatisfy(c -> {
            assertThat(c.runnable()).isFalse();
            assertThat(c.blockedBy()).anyMatch(r -> r.startsWith("target-degraded"));
        });
    }

    @Test
    void candidatesOverTheBudgetAreBlockedWithTheReason() throws IOException {
        Plan plan = Planner.create(belief(SharedTopologies.load("online-boutique")), List.of())
                .plan(PlanRequest.defaults().withBudget(0.5, 0.01));
        assertThat(plan.candidates()).filteredOn(c -> !c.runnable()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.blockedBy()).anyMatch(r -> r.startsWith("budget")));
        assertThat(plan.candidates()).filteredOn(Candidate::runnable).allSatisfy(c -> assertThat(c.expectedCost()).isLessThanOrEqualTo(0.005));
    }

    @Test
    void aSmallMaxBlastRadiusBlocksFaultsOnWidelyUsedServices() throws IOException {
        Plan plan = Planner.create(belief(SharedTopologies.load("online-boutique")), List.of())
                .plan(ALL.withMaxBlastRadius(0.5).withTop(500));
        assertThat(plan.candidates()).anyMatch(c -> c.blockedBy().stream().anyMatch(r -> r.startsWith("blast-radius")));
        assertThat(plan.candidates()).filteredOn(Candidate::runnable).allSatisfy(c ->
                assertThat(c.predictedBlastRadius().entrySet().stream().filter(e -> !e.getKey().equals(c.fault().target()))
                        .mapToDouble(Map.Entry::getValue).sum()).isLessThanOrEqualTo(0.5 + 1e-9));
    }

    @Test
    void theActiveTrafficMixShiftsTheRanking() throws IOException {
        Topology boutique = SharedTopologies.load("online-boutique");
        Planner planner = Planner.create(belief(boutique), List.of());
        String duringCheckout = planner.plan(PlanRequest.defaults().withTrafficMix(Map.of("checkout", 1.0))).candidates().get(0).fault().target();
        String duringBrowse = planner.plan(PlanRequest.defaults().withTrafficMix(Map.of("browse", 1.0))).candidates().get(0).fault().target();
        assertThat(Set.of("checkout", "email", "payment", "shipping", "cart", "redis-cart", "currency", "productcatalog", "frontend"))
                .contains(duringCheckout);
        assertThat(Set.of("ad", "recommendation", "productcatalog", "currency", "cart", "redis-cart", "frontend")).contains(duringBrowse);
        assertThat(duringBrowse).isNotEqualTo("payment");
    }

    @Test
    void aFullyCertainBeliefTeachesNothing() throws IOException {
        Topology boutique = SharedTopologies.load("online-boutique");
        Belief sure = certain(belief(boutique));
        Plan plan = Planner.create(sure, List.of()).plan(ALL);
        assertThat(plan.candidates()).allSatisfy(c -> assertThat(c.eigBits()).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-9)));
        assertThat(sure.degradeProbability(0, FaultClass.LATENCY, 5)).isIn(0.0, 1.0);
    }

    /** The same graph with every slot's distribution a single atom. */
    static Belief certain(Belief b) {
        List<BeliefState.EdgeBelief> certain = new ArrayList<>();
        for (BeliefState.EdgeBelief e : b.state().edges()) {
            List<Double> oneHot = new ArrayList<>(Collections.nCopies(e.probabilities().size(), 0.0));
            oneHot.set(Math.floorMod(e.caller().hashCode() + e.faultClass().ordinal(), oneHot.size()), 1.0);
            certain.add(new BeliefState.EdgeBelief(e.caller(), e.callee(), e.faultClass(), oneHot, e.updatedAt()));
        }
        return Belief.restore(new BeliefState(BeliefState.SCALE, b.state().levels(), certain), b.graph(), Priors.broad(),
                Belief.Settings.DEFAULTS, CLOCK);
    }
}
