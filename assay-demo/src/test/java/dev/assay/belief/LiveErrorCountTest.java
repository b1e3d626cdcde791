package dev.assay.belief;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.demo.PlantedTruth;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Mechanism;
import dev.assay.model.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A count of failed requests is binomial whatever the machine's load: one guard-aborted window settles cart → cart-db's
 * retry count against the intent's declared retry. The readings are a live demo's (2026-12-03, run 2, its journal's
 * first outcome): errors on 40% of cart-db's calls, the guard tripped after 73 of cart's requests, 30 of them failed
 * (40% predicted without retries, 16% with one), while the machine's latency noise (recommendations' p99 19 → 36 ms,
 * catalog's 6 → 18 ms, both out of the fault's reach) made the latency readings weak.
 */
class LiveErrorCountTest {
    private static final Fault ERRORS = new Fault(FaultType.ERROR, "cart-db", List.of(Magnitude.of("status", 503)), Scope.percent(40));

    @Test
    void aGuardAbortedWindowNamesNoRetriesOnCartDbWithPAtLeast09() {
        PlantedTruth truth = PlantedTruth.load();
        Map<String, EdgeEvidence> evidence = new LinkedHashMap<>();
        truth.topology().edges().forEach(e -> evidence.put(e.key(), new EdgeEvidence(java.util.Optional.empty(), 0, 40)));
        MechanismBelief b = MechanismBelief.create(SystemGraph.of(truth.topology()),
                MechanismPriors.ofDeclared(evidence, Map.of("cart->cart-db", Set.of(Mechanism.Kind.RETRY))), MechanismBelief.Settings.DEFAULTS);

        b.update(new MeasuredOutcome(ERRORS, readings(), Map.of()));

        EdgeExplanation x = b.explain("cart", "cart-db");
        assertThat(x.mechanism().retries()).as(x.text()).isZero();
        assertThat(x.probability()).as(x.text() + " (with the error rate read as Student-t, nu = 4: P = 0.63)").isGreaterThanOrEqualTo(0.9);
    }

    /** error rate baseline → fault, p50 and p99 baseline → fault (ms), requests baseline → fault. */
    private static Map<String, MeasuredSli> readings() {
        Map<String, MeasuredSli> m = new LinkedHashMap<>();
        put(m, "cart", 0, 0.411, 6.0, 4.9, 18.5, 13.2, 177, 73);
        put(m, "checkout", 0, 0.340, 34.1, 30.2, 55.3, 60.9, 115, 50);
        put(m, "frontend", 0, 0.197, 29.0, 21.3, 61.5, 68.3, 362, 152);
        put(m, "inventory", 0, 0, 5.7, 5.2, 8.6, 8.6, 116, 34);
        put(m, "payment", 0, 0, 10.1, 10.2, 18.3, 22.8, 116, 33);
        put(m, "shipping", 0, 0, 4.1, 4.1, 7.2, 6.7, 116, 33);
        put(m, "email", 0, 0, 6.2, 6.3, 8.4, 8.1, 115, 33);
        put(m, "catalog", 0, 0, 4.1, 3.9, 6.4, 18.1, 317, 129);
        put(m, "recommendations", 0, 0, 11.0, 11.2, 19.4, 35.9, 128, 54);
        put(m, "assistant", 0, 0, 45.0, 47.2, 81.1, 77.9, 58, 26);
        put(m, "llm", 0, 0, 36.8, 38.5, 72.1, 62.2, 58, 26);
        return m;
    }

    private static void put(Map<String, MeasuredSli> m, String s, double e0, double e1, double p50a, double p50b, double p99a, double p99b,
                            long n0, long n1) {
        m.put(s, new MeasuredSli(e0, e1, p99a, p99b, n0, n1, OptionalDouble.of(p50a), OptionalDouble.of(p50b)));
    }
}
