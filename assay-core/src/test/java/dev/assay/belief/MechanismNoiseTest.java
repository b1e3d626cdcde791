package dev.assay.belief;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Mechanism;
import dev.assay.model.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The update's latency σs are at least the outcome's own latency noise, as the services out of the fault's reach show
 * it. The readings are a live demo run's (2026-12-02, load average 12–15): checkout under 400 ms of inventory latency,
 * then under 30% of inventory's calls failing, with every other service's windows as measured. The planted mechanism is
 * "no retries, timeout 250 ms"; with σ(log p99) = 0.09 the error run's +108 ms p99 excursion on checkout (300 → 408 ms,
 * while untouched services swung 282 → 160 and 18 → 55 ms) was evidence for "1 retry with backoff, timeout 100 ms"
 * (+50 ms at p99), and the planted mechanism ended at P = 0.72.
 */
class MechanismNoiseTest {
    private static final EdgeMechanism PLANTED = new EdgeMechanism(OptionalLong.of(250), 0, false, false, false);
    private static final Fault SLOW = new Fault(FaultType.LATENCY, "inventory", List.of(Magnitude.of("delayMs", 400)), Scope.ALL);
    private static final Fault ERRORS = new Fault(FaultType.ERROR, "inventory", List.of(Magnitude.of("status", 503)), Scope.percent(30));

    private static MeasuredSli sli(double e0, double e1, double p99a, double p99b, long n0, long n1, double p50a, double p50b) {
        return new MeasuredSli(e0, e1, p99a, p99b, n0, n1, OptionalDouble.of(p50a), OptionalDouble.of(p50b));
    }

    private static MechanismBelief belief() {
        var shop = Graphs.of("frontend->checkout", "checkout->inventory", "checkout->payment", "checkout->cart", "cart->cart-db", "frontend->catalog",
                "frontend->recommendations", "recommendations->catalog", "checkout->shipping", "frontend->assistant", "assistant->llm");
        // the demo's intents declare timeout(checkout->inventory) and retry(checkout->inventory)
        var priors = MechanismPriors.ofDeclared(Map.of(), Map.of("checkout->inventory", Set.of(Mechanism.Kind.TIMEOUT, Mechanism.Kind.RETRY)));
        return MechanismBelief.create(SystemGraph.of(shop), priors, MechanismBelief.Settings.DEFAULTS);
    }

    /** The two live outcomes; {@code quiet} puts every untouched service's fault window at its baseline's values. */
    private static void learn(MechanismBelief b, boolean quiet) {
        Map<String, MeasuredSli> slow = new LinkedHashMap<>();
        slow.put("checkout", sli(0, 1, 52, 284, 120, 17, 33, 264));
        slow.put("frontend", sli(0, 0.333, 124, 293, 354, 51, 32, 54));
        untouched(slow, quiet, new Object[][] {{"cart", 21, 24, 5, 8, 179, 28}, {"catalog", 11, 11, 4, 3, 281, 29},
                {"recommendations", 32, 22, 11, 14, 110, 12}, {"cart-db", 3, 5, 1, 1, 240, 36}, {"llm", 58, 52, 37, 40, 63, 13},
                {"assistant", 145, 118, 49, 53, 63, 12}});
        b.update(new MeasuredOutcome(SLOW, slow, Map.of()));
        Map<String, MeasuredSli> errors = new LinkedHashMap<>();
        errors.put("checkout", sli(0, 0.236, 300, 408, 114, 182, 75, 52));
        errors.put("frontend", sli(0, 0.079, 397, 442, 360, 542, 66, 52));
        untouched(errors, quiet, new Object[][] {{"recommendations", 282, 160, 19, 15, 119, 188}, {"assistant", 399, 375, 91, 58, 61, 85},
                {"payment", 31, 20, 11, 11, 113, 139}, {"catalog", 23, 15, 4, 4, 302, 470}, {"cart", 99, 191, 16, 13, 180, 272},
                {"shipping", 21, 11, 4, 4, 113, 139}, {"llm", 309, 180, 52, 42, 61, 85}, {"cart-db", 14, 10, 2, 1, 245, 363}});
        b.update(new MeasuredOutcome(ERRORS, errors, Map.of()));
    }

    private static void untouched(Map<String, MeasuredSli> into, boolean quiet, Object[][] rows) {
        for (Object[] r : rows) {
            double p99a = ((Number) r[1]).doubleValue(), p99b = ((Number) r[2]).doubleValue();
            double p50a = ((Number) r[3]).doubleValue(), p50b = ((Number) r[4]).doubleValue();
            into.put((String) r[0], sli(0, 0, p99a, quiet ? p99a : p99b, ((Number) r[5]).longValue(), ((Number) r[6]).longValue(), p50a, quiet ? p50a : p50b));
        }
    }

    @Test
    void aP99ExcursionAsLargeAsTheUntouchedServicesOwnSwingsIsNotReadAsBackoff() {
        MechanismBelief live = belief();
        learn(live, false);
        EdgeExplanation x = live.explain("checkout", "inventory");
        assertThat(x.mechanism()).as(x.text()).isEqualTo(PLANTED);
        assertThat(x.probability()).as(x.text()).isGreaterThanOrEqualTo(0.8); // 0.72 with σ = 0.09 whatever the machine
        double backoff = MechanismBeliefTest.marginal(live, "checkout", "inventory", m -> m.retries() > 0 && m.backoff());
        assertThat(backoff).as("retries with backoff, read from p99 noise").isLessThan(0.06);

        // the same checkout readings on a quiet machine (untouched services unchanged): the excursion is evidence again
        MechanismBelief quiet = belief();
        learn(quiet, true);
        assertThat(MechanismBeliefTest.marginal(quiet, "checkout", "inventory", m -> m.retries() > 0 && m.backoff())).isGreaterThan(2 * backoff);
    }

    /**
     * Another live run's error outcome (load 9–14): checkout's p99 jumped 54 → 239 ms while 30% of inventory's calls
     * failed fast and most untouched services barely moved (so the noise estimate stayed small): a reading no mechanism
     * explains. Read through the t alone it still favoured retries with backoff (+50 ms at p99) over no retries by 2.6
     * nats (P(no retries) = 0.25); as an outlier it picks neither, and the error rate (21.6% of 199, not 9% or less) decides.
     */
    @Test
    void aLatencyReadingFarOffEveryMechanismPicksNoneOfThem() {
        // the demo's intents declare retry(checkout->inventory): P(no retries) = 0.05 before
        MechanismBelief b = belief();
        Map<String, MeasuredSli> errors = new LinkedHashMap<>();
        errors.put("checkout", sli(0, 0.216, 54, 239, 140, 199, 36, 36));
        errors.put("frontend", sli(0, 0.071, 85, 129, 365, 609, 36, 25));
        untouched(errors, false, new Object[][] {{"cart-db", 3, 5, 1, 1, 254, 423}, {"llm", 44, 202, 37, 38, 56, 86},
                {"shipping", 5, 7, 4, 4, 140, 148}, {"cart", 16, 26, 6, 7, 197, 310}, {"catalog", 6, 7, 4, 4, 281, 494},
                {"payment", 16, 15, 10, 10, 141, 155}, {"assistant", 86, 215, 48, 49, 56, 93}, {"recommendations", 21, 28, 12, 12, 112, 194}});
        b.update(new MeasuredOutcome(ERRORS, errors, Map.of()));
        assertThat(MechanismBeliefTest.marginal(b, "checkout", "inventory", m -> m.retries() == 0)).as(b.explain("checkout", "inventory").text())
                .isGreaterThanOrEqualTo(0.7); // 0.25 through the t alone; the declared retry prior keeps it below 0.9 from one outcome
    }

    @Test
    void theNoiseIsTheRobustSpreadOfTheUntouchedServicesAndNothingWithTooFewOfThem() {
        MechanismBelief b = belief();
        int[] cone = b.forward.cone(b.edge0("inventory"), null);
        Map<String, MeasuredSli> few = new LinkedHashMap<>();
        few.put("checkout", sli(0, 0.3, 50, 500, 100, 100, 20, 300)); // in the cone: never noise
        few.put("catalog", sli(0, 0, 20, 60, 100, 100, 10, 10));
        few.put("cart", sli(0, 0, 20, 60, 100, 100, 10, 10));
        assertThat(MechanismUpdate.Noise.of(b, new MeasuredOutcome(ERRORS, few, Map.of()), cone)).isEqualTo(MechanismUpdate.Noise.QUIET);
        few.put("payment", sli(0, 0, 20, 20, 100, 100, 10, 10));
        MechanismUpdate.Noise n = MechanismUpdate.Noise.of(b, new MeasuredOutcome(ERRORS, few, Map.of()), cone);
        // |log((60 + 20) / (20 + 20))| = log 2 twice and 0 once: the median is log 2
        assertThat(n.p99()).isCloseTo(1.4826 * Math.log(2), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(n.p50()).isZero();
    }
}
