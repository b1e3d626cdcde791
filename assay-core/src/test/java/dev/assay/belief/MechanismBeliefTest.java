package dev.assay.belief;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.model.Edge;
import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.Scope;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class MechanismBeliefTest {
    static final Scope TEN_PERCENT = Scope.percent(10);

    /** Noise-free measurements of every service, computed with the true mechanisms by the shared forward rules. */
    static MeasuredOutcome measure(MechanismBelief b, Fault fault, Map<String, EdgeMechanism> truth) {
        SystemGraph g = b.graph();
        int[] assign = new int[g.edgeCount()];
        for (int e = 0; e < g.edgeCount(); e++) assign[e] = truth.getOrDefault(g.slotLabel(e), EdgeMechanism.NONE).gridIndex();
        int target = g.service(fault.target()).getAsInt();
        int[] cone = b.forward.cone(target, null);
        RequestMix[] mixes = b.forward.run(cone, target, RequestMix.ofFault(fault, fault.peak()), assign);
        Map<String, MeasuredSli> out = new HashMap<>();
        for (int s = 0; s < g.serviceCount(); s++) {
            RequestMix m = mixes[s] == null ? RequestMix.BASELINE : mixes[s];
            out.put(g.serviceName(s), new MeasuredSli(0.001, 0.001 + m.failureRate(), 50, 50 + m.quantileMs(0.99), 15_000, 15_000));
        }
        return new MeasuredOutcome(fault, out, Map.of());
    }

    static double marginal(MechanismBelief b, String caller, String callee, Predicate<EdgeMechanism> which) {
        List<Double> p = b.posterior(caller, callee);
        double s = 0;
        for (int i = 0; i < p.size(); i++) if (which.test(EdgeMechanism.GRID.get(i))) s += p.get(i);
        return s;
    }

    static Fault errors(String target, double share) {
        return ChaosScale.fault(FaultClass.ERRORS, target, ChaosScale.indexOf(share, FaultClass.ERRORS), TEN_PERCENT);
    }

    @Test
    void aRetryCountIsIdentifiedFromOneExperimentBecauseErrorSharesCompound() {
        MechanismBelief b = MechanismBelief.create(Graphs.of("a->b"));
        EdgeMechanism truth = new EdgeMechanism(OptionalLong.of(500), 2, false, false, false);

        b.update(measure(b, errors("b", 0.285), Map.of("a->b", truth)));

        assertThat(marginal(b, "a", "b", m -> m.retries() == 2 && !m.fallback())).isGreaterThan(0.95);
    }

    @Test
    void aTimeoutIsLearnedFromLatencyTurningIntoErrors() {
        MechanismBelief b = MechanismBelief.create(Graphs.of("a->b"));
        EdgeMechanism truth = new EdgeMechanism(OptionalLong.of(500), 0, false, false, false);
        Fault slow = ChaosScale.fault(FaultClass.LATENCY, "b", 7, TEN_PERCENT); // +1163 ms on 10%

        b.update(measure(b, slow, Map.of("a->b", truth)));

        assertThat(marginal(b, "a", "b", m -> m.timeoutMs().isEmpty())).isLessThan(0.01);
        assertThat(marginal(b, "a", "b", m -> m.timeoutMs().orElse(0) == 500 && m.retries() == 0 && !m.fallback())).isGreaterThan(0.9);
    }

    @Test
    void sequentialCallsAddTheirDelays() {
        Topology twice = new Topology("t", List.of(Service.of("a"), Service.of("b")),
                List.of(new Edge("a", "b", true, 2, Optional.empty())), List.of());
        Topology once = new Topology("t", List.of(Service.of("a"), Service.of("b")),
                List.of(new Edge("a", "b", true, 1, Optional.empty())), List.of());
        Fault slow = ChaosScale.fault(FaultClass.LATENCY, "b", 2, Scope.percent(100)); // +75 ms on every request

        assertThat(MechanismBelief.create(twice).predict(slow).services().get("a")).isEqualTo(1.0);
        assertThat(MechanismBelief.create(once).predict(slow).services().get("a")).isEqualTo(0.0);
    }

    @Test
    void anUpstreamEdgeIsLearnedFromWhatItsCalleeReallyPresents() {
        MechanismBelief b = MechanismBelief.create(Graphs.of("a->b", "b->c"));
        EdgeMechanism one = new EdgeMechanism(OptionalLong.empty(), 1, false, false, false);
        Map<String, EdgeMechanism> truth = Map.of("a->b", one, "b->c", one);

        b.update(measure(b, errors("c", 0.464), truth));

        // c 46% -> b 21.5% -> a 4.6%: a's edge is judged on b's reduced share, not the injected one.
        assertThat(marginal(b, "b", "c", m -> m.retries() == 1)).isGreaterThan(0.95);
        assertThat(marginal(b, "a", "b", m -> m.retries() == 1)).isGreaterThan(0.9);
    }

    @Test
    void posteriorsStayNormalisedAndUpdatesAreBounded() {
        MechanismBelief b = MechanismBelief.create(Graphs.of("a->b", "a->c", "b->c"));
        Map<String, EdgeMechanism> truth = Map.of("a->b", new EdgeMechanism(OptionalLong.of(250), 1, true, true, false));
        for (int l = 0; l < ChaosScale.LEVELS; l += 3) {
            for (FaultClass c : FaultClass.values()) b.update(measure(b, ChaosScale.fault(c, "c", l, TEN_PERCENT), truth));
        }
        for (String e : List.of("a->b", "a->c", "b->c")) {
            String[] ab = e.split("->");
            assertThat(b.posterior(ab[0], ab[1]).stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(b.posterior(ab[0], ab[1])).allMatch(p -> p > 0);
        }
    }

    @Test
    void oneFaultInformsEveryInEdgeOfItsTargetAndSettledEdgesAreWorthNothing() {
        MechanismBelief b = MechanismBelief.create(Graphs.of("a->c", "b->c"));
        int c = b.graph().service("c").getAsInt();
        int level = ChaosScale.indexOf(0.285, FaultClass.ERRORS);
        double both = b.inEdgeBits(c, FaultClass.ERRORS, level, TEN_PERCENT);
        MechanismBelief single = MechanismBelief.create(Graphs.of("a->c"));
        double one = single.inEdgeBits(single.graph().service("c").getAsInt(), FaultClass.ERRORS, level, TEN_PERCENT);

        assertThat(one).isGreaterThan(1.0);
        assertThat(both).isCloseTo(2 * one, within(1e-9));

        EdgeMechanism truth = new EdgeMechanism(OptionalLong.empty(), 2, false, false, false);
        for (int k = 0; k < 3; k++) b.update(measure(b, errors("c", 0.285), Map.of("a->c", truth, "b->c", truth)));
        assertThat(b.inEdgeBits(c, FaultClass.ERRORS, level, TEN_PERCENT)).isLessThan(0.05 * both);
        assertThat(b.coneBits(errors("c", 0.285), 100)).isLessThan(0.05 * both);
    }

    @Test
    void anExplanationNamesTheMechanismItsProbabilityAndWhatItDoes() {
        MechanismBelief b = MechanismBelief.create(Graphs.of("checkout->payment"));
        EdgeMechanism truth = new EdgeMechanism(OptionalLong.of(250), 2, false, false, false);
        b.update(measure(b, errors("payment", 0.285), Map.of("checkout->payment", truth)));
        // twice: a 300 ms timeout (on the grid too) differs from 250 ms only in how long the slow calls' p99 takes
        for (int k = 0; k < 2; k++) b.update(measure(b, ChaosScale.fault(FaultClass.LATENCY, "payment", 5, TEN_PERCENT), Map.of("checkout->payment", truth)));

        EdgeExplanation x = b.explain("checkout", "payment");

        assertThat(x.mechanism()).isEqualTo(truth);
        assertThat(x.confident()).as(x.text()).isTrue();
        assertThat(x.text()).startsWith("checkout -> payment: 2 retries without backoff, timeout 250 ms, no breaker, no fallback, P = 0.")
                .contains("10% errors reach checkout as 0.10%");
    }
}
