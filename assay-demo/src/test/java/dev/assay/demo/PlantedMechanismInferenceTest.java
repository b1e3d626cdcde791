package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.EdgeExplanation;
import dev.assay.belief.EdgeMechanism;
import dev.assay.belief.MeasuredOutcome;
import dev.assay.belief.MeasuredSli;
import dev.assay.belief.MechanismBelief;
import dev.assay.belief.RequestMix;
import dev.assay.format.IntentFormat;
import dev.assay.model.Edge;
import dev.assay.model.Fault;
import dev.assay.model.Intent;
import dev.assay.model.Magnitude;
import dev.assay.model.Topology;
import dev.assay.belief.Belief;
import dev.assay.runner.BeliefLearner;
import dev.assay.runner.Experiment;
import dev.assay.runner.Learned;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.SliWindows;
import dev.assay.verdict.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The planted mechanisms are identifiable from the demo's own experiments: each shipped intent's fault, propagated
 * through the planted truth's mechanisms (the shop's {@code CallPolicy}s, {@code planted-truth.json}) by the same
 * algebra the simulator uses, measured with binomial-sized windows, teaches a {@link MechanismBelief} at its broad
 * priors what the experiments test of the planted mechanisms of the fragile edges, each with P >= 0.9. {@link #theDemosLearnerNamesThePlantedMechanismsFromItsOutcomes} takes the demo's real path
 * from an outcome on: each experiment's {@link SliWindows} (what the runner records from {@code DemoSlis}) into the
 * demo's {@link BeliefLearner} (priors from the intents' declared mechanisms), its journal snapshot restored, and the
 * {@link Learned} explanations the summary and the report print. It does not start the shop (the live run is
 * {@code assay demo}; docs/demo.md has its output).
 */
class PlantedMechanismInferenceTest {
    static final Path INTENTS = Path.of("..", "examples", "demo");
    private final PlantedTruth truth = PlantedTruth.load();

    @Test
    void everyTopologyEdgeHasTheMechanismItsCodeDeclares() {
        for (Edge e : truth.topology().edges()) {
            EdgeMechanism m = truth.mechanism(e.from(), e.to()).orElseThrow(() -> new AssertionError("no mechanism for " + e.key()));
            var r = e.resilience().orElseThrow();
            assertThat(m.timeoutMs().isPresent()).as(e.key() + ": a timeout in both or in neither").isEqualTo(r.timeout().isPresent());
            if (m.timeoutMs().isPresent()) assertThat(m.timeoutMs().getAsLong()).as(e.key()).isEqualTo(r.timeout().orElseThrow().toMillis());
            assertThat(m.retries()).as(e.key()).isEqualTo(r.retries());
            assertThat(m.breaker()).as(e.key()).isEqualTo(r.circuitBreaker());
            assertThat(m.fallback()).as(e.key()).isEqualTo(r.fallback());
            assertThat(m.backoff()).as(e.key() + ": Downstream retries at once").isFalse();
        }
        assertThat(truth.fragileEdges()).containsExactlyInAnyOrder("checkout->inventory", "checkout->payment", "cart->cart-db", "assistant->llm");
    }

    @Test
    void theDemosExperimentsTeachThePlantedMechanismsOfTheFragileEdges() {
        Topology shop = truth.topology();
        MechanismBelief belief = MechanismBelief.create(shop);
        for (Intent intent : shippedIntents(shop)) {
            if (shop.service(intent.fault().target()).isEmpty()) continue;
            for (Magnitude level : intent.fault().levels()) { // the runner learns every level of a ramp
                belief.update(new MeasuredOutcome(at(intent.fault(), level), measured(shop, at(intent.fault(), level)), Map.of()));
            }
        }
        // checkout->inventory: a 250 ms timeout (on the grid), no retries, no breaker, no fallback: named exactly
        EdgeExplanation inventory = belief.explain("checkout", "inventory");
        assertThat(inventory.mechanism()).as(inventory.text()).isEqualTo(truth.mechanism("checkout", "inventory").orElseThrow());
        assertThat(inventory.probability()).as(inventory.text()).isGreaterThanOrEqualTo(0.9);
        // cart->cart-db: half its calls failing at once leaves its 300 ms timeout untestable; what it tests (no retries:
        // 50% reach cart, not 0.5^(r+1); no breaker; no fallback) is named, P = the mass behaving so
        EdgeExplanation db = belief.explain("cart", "cart-db");
        assertThat(db.mechanism().retries()).as(db.text()).isZero();
        assertThat(db.mechanism().fallback()).as(db.text()).isFalse();
        assertThat(db.mechanism().breaker()).as(db.text()).isFalse();
        assertThat(db.probability()).as(db.text()).isGreaterThanOrEqualTo(0.9);
        // checkout->payment (300 ms × 3 immediate attempts): the slow payment alone cannot tell "300 ms, no backoff" from
        // "250 ms with 50 + 100 ms backoff" (both fail after 900 ms); the quarter of payment's calls failing can (a
        // twice-retried checkout is 150 ms slower with backoff, not at all without), and tells the retry count (0.25^3)
        EdgeExplanation payment = belief.explain("checkout", "payment");
        assertThat(payment.mechanism()).as(payment.text()).isEqualTo(truth.mechanism("checkout", "payment").orElseThrow());
        assertThat(payment.probability()).as(payment.text()).isGreaterThanOrEqualTo(0.9);
        // every fragile edge's inferred mechanism reproduces the planted one's effect on the fault it was shown
        // (assistant->llm is left out: its retries are on 429 only and its fallback on 5xx only, which one EdgeMechanism cannot say)
        for (String edge : truth.fragileEdges().stream().filter(e -> !e.equals("assistant->llm")).toList()) {
            String[] ends = edge.split("->");
            Intent shown = shippedIntents(shop).stream().filter(i -> i.fault().target().equals(ends[1])).findFirst().orElseThrow();
            RequestMix input = RequestMix.ofFault(shown.fault(), shown.fault().peak());
            EdgeMechanism inferred = belief.explain(ends[0], ends[1]).mechanism();
            assertThat(MechanismBelief.distinguishable(inferred.view(input), truth.mechanism(ends[0], ends[1]).orElseThrow().view(input)))
                    .as(edge + ": inferred " + inferred.describe()).isFalse();
        }
    }

    @Test
    void theDemosLearnerNamesThePlantedMechanismsFromItsOutcomes() {
        Topology shop = truth.topology();
        List<Intent> intents = shippedIntents(shop).stream().filter(i -> shop.service(i.fault().target()).isPresent()).toList();
        BeliefLearner learner = BeliefLearner.of(Belief.create(shop), Map.of(), intents, Clock.systemUTC());
        List<Outcome> outcomes = new java.util.ArrayList<>();
        Instant t0 = Instant.parse("2026-12-02T05:00:00Z");
        for (Intent intent : intents) {
            // as the runner does: the outcome at the level the walk ended on (a ramp's peak here), then each earlier level
            Experiment x = Experiment.of("x-" + outcomes.size(), intent);
            Outcome o = new Outcome("x-" + intent.id(), intent.id(), new Verdict.Inconclusive("simulated", List.of()), Optional.empty(),
                    Optional.empty(), List.of(), List.of(), List.of(), 0, 0, 0, t0, t0.plusSeconds(30), windows(shop, at(intent.fault(), intent.fault().peak())));
            learner.update(x, o, Optional.of(intent.fault().peak()));
            List<Magnitude> levels = intent.fault().levels();
            for (Magnitude level : levels.subList(0, levels.size() - 1)) learner.learnLevel(x, level, windows(shop, at(intent.fault(), level)));
            outcomes.add(o);
        }
        BeliefLearner restored = BeliefLearner.restore(learner.snapshotJson(), Clock.systemUTC()).orElseThrow();
        Learned learned = Learned.of(restored, outcomes);
        assertThat(learned.mechanisms()).isEqualTo(learner.explanations());
        for (String edge : List.of("checkout->inventory", "checkout->payment", "cart->cart-db")) {
            EdgeExplanation x = learned.mechanisms().stream().filter(e -> (e.caller() + "->" + e.callee()).equals(edge)).findFirst().orElseThrow();
            assertThat(x.probability()).as(x.text()).isGreaterThanOrEqualTo(0.9);
            assertThat(learned.mechanismText(edge)).hasValueSatisfying(t -> assertThat(t).contains(x.mechanism().describe())
                    .contains(String.format(java.util.Locale.ROOT, "P = %.2f", x.probability())));
        }
        assertThat(learned.mechanismText("checkout->inventory").orElseThrow()).contains("no retries, timeout 250 ms, no breaker, no fallback");
        assertThat(learned.mechanismText("checkout->payment").orElseThrow()).contains("2 retries without backoff, timeout 300 ms, no breaker, no fallback");
        assertThat(learned.mechanismText("frontend->email")).as("no such tested edge").isEmpty();
    }

    private List<SliWindows> windows(Topology shop, Fault fault) {
        List<SliWindows> windows = new java.util.ArrayList<>();
        measured(shop, fault).forEach((service, m) -> windows.add(new SliWindows(service, false,
                new SliWindows.Window(m.baselineErrorRate(), m.baselineRequests(), m.baselineP50Ms(), OptionalDouble.of(m.baselineP99Ms())),
                new SliWindows.Window(m.errorRate(), m.requests(), m.p50Ms(), OptionalDouble.of(m.p99Ms())))));
        return windows;
    }

    /** The fault at one of its levels. */
    private static Fault at(Fault fault, Magnitude level) {
        return new Fault(fault.type(), fault.target(), List.of(level), fault.scope());
    }

    private static List<Intent> shippedIntents(Topology shop) {
        List<Intent> out = new java.util.ArrayList<>();
        for (String f : DemoIntents.FILES) {
            if (!f.endsWith(".intent.yaml")) continue;
            out.addAll(IntentFormat.read(INTENTS.resolve(f), Optional.empty()));
        }
        return out;
    }

    /** Every service's SLIs with the fault on: callees first, sync edges through their planted mechanism. */
    private Map<String, MeasuredSli> measured(Topology shop, Fault fault) {
        Map<String, RequestMix> mixes = new HashMap<>();
        mixes.put(fault.target(), RequestMix.ofFault(fault, fault.peak()));
        boolean changed = true;
        while (changed) { // the shop is acyclic: iterate to the fixed point
            changed = false;
            for (var s : shop.services()) {
                if (s.name().equals(fault.target())) continue;
                RequestMix m = RequestMix.BASELINE;
                for (Edge e : shop.edges()) {
                    if (!e.from().equals(s.name()) || !e.sync() || !mixes.containsKey(e.to())) continue;
                    m = m.then(truth.mechanism(e.from(), e.to()).orElseThrow().view(mixes.get(e.to())).calls(e.callsPerRequest(), 20));
                }
                if (!m.isBaseline() && !m.equals(mixes.get(s.name()))) {
                    mixes.put(s.name(), m);
                    changed = true;
                }
            }
        }
        Map<String, MeasuredSli> out = new LinkedHashMap<>();
        for (var s : shop.services()) {
            RequestMix m = mixes.getOrDefault(s.name(), RequestMix.BASELINE);
            out.put(s.name(), new MeasuredSli(0.001, Math.min(1, 0.001 + m.failureRate()), 20, 20 + m.quantileMs(0.99), 3000, 3000,
                    OptionalDouble.of(10), OptionalDouble.of(10 + m.quantileMs(0.5))));
        }
        return out;
    }
}
