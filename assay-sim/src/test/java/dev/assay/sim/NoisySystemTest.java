package dev.assay.sim;

import static dev.assay.sim.Graphs.graph;
import static dev.assay.sim.Graphs.none;
import static dev.assay.sim.PropagationSimulatorTest.errors;
import static dev.assay.sim.PropagationSimulatorTest.latency;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.model.InvalidInputException;
import dev.assay.spi.Injector.AppliedFault;
import dev.assay.spi.Lease;
import dev.assay.spi.Reading;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NoisySystemTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);

    SimulatedSystem system(long seed) {
        Simulator sim = graph().sync("front", "cart", none()).sync("front", "ads", none())
                .journey("checkout", "front", "cart").simulator();
        return SimulatedSystem.create(sim, SimulatedClock.startingAt(T0), seed);
    }

    static double value(Reading r) {
        assertThat(r).isInstanceOf(Reading.Known.class);
        return ((Reading.Known) r).value();
    }

    Lease lease(SimulatedSystem s, Duration ttl) {
        return new Lease("l", s.clock().instant().plus(ttl));
    }

    @Test
    void anInjectedFaultShowsInTheJourneySliAndRemovingItRestoresTheBaseline() {
        SimulatedSystem s = system(1);
        s.clock().advance(MINUTE);
        double before = value(s.read("checkout.errors.rate", MINUTE));

        AppliedFault f = s.apply(errors("cart", 50), errors("cart", 50).peak(), lease(s, Duration.ofHours(1)));
        s.clock().advance(MINUTE);
        double during = value(s.read("checkout.errors.rate", MINUTE));
        s.remove(f);
        s.clock().advance(MINUTE);
        double after = value(s.read("checkout.errors.rate", MINUTE));

        assertThat(before).isLessThan(0.01);
        assertThat(during).isCloseTo(0.5, within(0.05));
        assertThat(after).isLessThan(0.01);
    }

    @Test
    void aFaultWhoseLeaseExpiresRemovesItselfInSimulatedTime() {
        SimulatedSystem s = system(1);
        s.apply(latency("cart", 1000, 100), latency("cart", 1000, 100).peak(), lease(s, Duration.ofSeconds(30)));

        assertThat(s.active()).hasSize(1);
        s.clock().advance(Duration.ofSeconds(30));

        assertThat(s.active()).isEmpty();
        assertThat(s.current().degradedServices()).isEmpty();
    }

    @Test
    void removingTwiceIsNotAnError() {
        SimulatedSystem s = system(1);
        AppliedFault f = s.apply(errors("cart", 100), errors("cart", 100).peak(), lease(s, MINUTE));

        s.remove(f);
        s.remove(f);

        assertThat(s.active()).isEmpty();
    }

    @Test
    void aWindowHalfCoveredByTheFaultSeesHalfItsErrors() {
        SimulatedSystem s = system(1);
        s.clock().advance(MINUTE);
        AppliedFault f = s.apply(errors("cart", 100), errors("cart", 100).peak(), lease(s, Duration.ofHours(1)));
        s.clock().advance(MINUTE);
        s.remove(f);
        s.clock().advance(MINUTE);

        assertThat(value(s.read("service.cart.errors.rate", Duration.ofMinutes(2)))).isCloseTo(0.5, within(0.03));
    }

    @Test
    void latencyReadsAsTheBaselineP99PlusTheAddedDelayWithNoise() {
        SimulatedSystem s = system(1);
        s.apply(latency("cart", 400, 100), latency("cart", 400, 100).peak(), lease(s, Duration.ofHours(1)));
        s.clock().advance(MINUTE);

        double p99 = value(s.read("checkout.latency.p99", MINUTE));

        assertThat(p99).isCloseTo(400 + Baselines.p99Ms("checkout"), within(0.2 * (400 + Baselines.p99Ms("checkout"))));
        assertThat(p99).isNotEqualTo(400 + Baselines.p99Ms("checkout"));
    }

    @Test
    void servicesOutsideTheJourneyDoNotTouchIt() {
        SimulatedSystem s = system(1);
        s.apply(errors("ads", 100), errors("ads", 100).peak(), lease(s, Duration.ofHours(1)));
        s.clock().advance(MINUTE);

        assertThat(value(s.read("checkout.errors.rate", MINUTE))).isLessThan(0.01);
        assertThat(value(s.read("front.errors.rate", MINUTE))).isGreaterThan(0.9);
    }

    @Test
    void theSameSeedGivesTheSameReadingsAndAnotherSeedOthers() {
        double a = readTwice(system(5));
        double b = readTwice(system(5));
        double c = readTwice(system(6));

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    private double readTwice(SimulatedSystem s) {
        s.clock().advance(MINUTE);
        return value(s.read("checkout.latency.p99", MINUTE)) + value(s.read("cart.errors.rate", MINUTE));
    }

    @Test
    void anUnknownSliReadsAsUnknownNotAsHealthy() {
        SimulatedSystem s = system(1);

        assertThat(s.read("nope.errors.rate", MINUTE)).isInstanceOf(Reading.Unknown.class);
        assertThat(s.read("checkout.saturation", MINUTE)).isInstanceOf(Reading.Unknown.class);
    }

    @Test
    void aFaultOnAServiceOutsideTheTopologyIsRejected() {
        SimulatedSystem s = system(1);

        assertThatThrownBy(() -> s.apply(errors("ghost", 10), errors("ghost", 10).peak(), lease(s, MINUTE)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ghost");
    }
}
