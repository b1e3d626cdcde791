package dev.assay.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.AbortCondition;
import dev.assay.model.Magnitude;
import dev.assay.model.Quantity;
import dev.assay.runner.Guard;
import dev.assay.runner.Phase;
import dev.assay.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiveRunsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final AtomicInteger stops = new AtomicInteger();
    private final LiveRuns live = LiveRuns.create(clock, stops::incrementAndGet);

    @Test
    void aRelativeGuardIsShownAgainstItsBaselineAndEachEvaluationUpdatesValueTimeAndTimeLeft() {
        live.experimentStarted("x1", "checkout-survives");
        live.phaseEntered("x1", Phase.INJECTING, "level delayMs=400");
        live.guardsArmed("x1", List.of(Guard.abortWhen(new AbortCondition("orders.rate", AbortCondition.Trigger.DROPS_BY, Quantity.ratio(0.2))),
                Guard.sloBurnRate("checkout-99", "checkout.errors.rate", 0.01, 50)), Map.of("orders.rate", 10.0));
        clock.advance(Duration.ofMillis(250));
        live.guardsEvaluated("x1", Map.of("orders.rate", 9.5, "checkout.errors.rate", 0.01), Magnitude.of("delayMs", 400.0), Duration.ofSeconds(5));

        LiveRun r = live.current().orElseThrow();
        assertThat(r.phase()).isEqualTo(Phase.INJECTING);
        assertThat(r.detail()).contains("400");
        assertThat(r.timeLeft()).contains(Duration.ofSeconds(5));
        assertThat(r.guards()).hasSize(2);
        assertThat(r.guards().get(0).threshold()).as("20% below a baseline of 10").isEqualTo(8.0);
        assertThat(r.guards().get(0).breachAbove()).isFalse();
        assertThat(r.guards().get(0).value()).hasValue(9.5);
        assertThat(r.guards().get(0).readAt()).contains(Instant.parse("2026-12-01T10:00:00.250Z"));
        assertThat(r.guards().get(1).threshold()).isEqualTo(0.5);
        assertThat(r.guards().get(1).breachAbove()).isTrue();
        assertThat(r.samples()).hasSize(1);
    }

    @Test
    void anEndedExperimentIsNoLongerLiveAndStoppingThenDoesNothing() {
        live.experimentStarted("x1", "i");
        assertThat(live.stop()).isTrue();
        live.phaseEntered("x1", Phase.ABORTED, "ABORTED");
        assertThat(live.current()).isEmpty();
        assertThat(live.stop()).isFalse();
        assertThat(stops).hasValue(1);
    }

    @Test
    void eventsOfAnotherExperimentDoNotChangeTheLiveOne() {
        live.experimentStarted("x1", "i");
        live.phaseEntered("x0", Phase.DONE, "SUPPORTED");
        live.phaseEntered("x0", Phase.INJECTING, "other");
        assertThat(live.current()).hasValueSatisfying(r -> {
            assertThat(r.experimentId()).isEqualTo("x1");
            assertThat(r.phase()).isEqualTo(Phase.PLANNED);
        });
    }

    @Test
    void samplesAreBounded() {
        live.experimentStarted("x1", "i");
        for (int i = 0; i < LiveRuns.MAX_SAMPLES + 50; i++) {
            live.guardsEvaluated("x1", Map.of("s", (double) i), Magnitude.NONE, Duration.ofSeconds(1));
        }
        List<LiveRun.Sample> samples = live.current().orElseThrow().samples();
        assertThat(samples).hasSize(LiveRuns.MAX_SAMPLES);
        assertThat(samples.getLast().values()).containsEntry("s", (double) LiveRuns.MAX_SAMPLES + 49);
    }

    @Test
    void watchersHearEveryChangeUntilTheyUnsubscribeAndOneThatThrowsIsDropped() throws Exception {
        AtomicInteger heard = new AtomicInteger();
        AtomicInteger broken = new AtomicInteger();
        AutoCloseable sub = live.subscribe(heard::incrementAndGet);
        live.subscribe(() -> {
            broken.incrementAndGet();
            throw new IllegalStateException("a closed stream");
        });
        live.experimentStarted("x1", "i");
        live.phaseEntered("x1", Phase.INJECTING, "level");
        assertThat(heard).hasValue(2);
        assertThat(broken).as("dropped after its first failure").hasValue(1);
        sub.close();
        live.phaseEntered("x1", Phase.DONE, "SUPPORTED");
        assertThat(heard).hasValue(2);
    }

    @Test
    void guardValuesCarryTheirUnitAndReadAsPeopleWriteThem() {
        live.experimentStarted("x1", "i");
        live.guardsArmed("x1", List.of(Guard.sloBurnRate("checkout-99", "checkout.errors.rate", 1 - 0.99, 50),
                Guard.abortWhen(new AbortCondition("checkout.latency.p95", AbortCondition.Trigger.ABOVE, Quantity.millis(250)))), Map.of());
        live.guardsEvaluated("x1", Map.of("checkout.errors.rate", 0.0123456, "checkout.latency.p95", 87.25), Magnitude.NONE, Duration.ofSeconds(3));
        List<LiveRun.GuardValue> g = live.current().orElseThrow().guards();
        assertThat(g.get(0).describe()).isEqualTo("slo checkout-99 burn rate > 50x checkout.errors.rate above 50%");
        assertThat(g.get(0).unit()).isEqualTo("ratio");
        assertThat(g.get(0).text(g.get(0).value().orElseThrow())).isEqualTo("1.235%");
        assertThat(g.get(1).unit()).isEqualTo("ms");
        assertThat(g.get(1).text(g.get(1).threshold())).isEqualTo("250 ms");
        assertThat(g.get(1).text(g.get(1).value().orElseThrow())).isEqualTo("87.25 ms");
    }
}
