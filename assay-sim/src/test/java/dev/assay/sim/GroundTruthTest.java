package dev.assay.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.model.Edge;
import dev.assay.model.Resilience;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GroundTruthTest {
    static Topology star(int n) {
        List<Service> services = new ArrayList<>(List.of(Service.of("hub")));
        List<Edge> edges = new ArrayList<>();
        IntStream.range(0, n).forEach(i -> {
            services.add(Service.of("s" + i));
            edges.add(Edge.of("hub", "s" + i));
        });
        return new Topology("star", services, edges, List.of());
    }

    @Test
    void declaredResilienceIsTheTruth() {
        Resilience declared = Graphs.with(750L, 1, true, false);
        Topology t = new Topology("t", List.of(Service.of("a"), Service.of("b")),
                List.of(new Edge("a", "b", true, 1, Optional.of(declared))), List.of());

        assertThat(GroundTruth.of(t, 99).of(t.edges().get(0))).isEqualTo(dev.assay.belief.EdgeMechanism.of(declared));
    }

    @Test
    void theSameSeedDrawsTheSameTruthAndAnotherSeedADifferentOne() {
        Topology t = star(50);

        assertThat(GroundTruth.of(t, 7)).isEqualTo(GroundTruth.of(t, 7));
        assertThat(GroundTruth.of(t, 7).mechanisms()).isNotEqualTo(GroundTruth.of(t, 8).mechanisms());
    }

    @Test
    void anEdgesDrawDoesNotDependOnTheOtherEdges() {
        Topology small = star(3);
        Topology large = star(30);

        assertThat(GroundTruth.of(large, 3).of(Edge.of("hub", "s1"))).isEqualTo(GroundTruth.of(small, 3).of(Edge.of("hub", "s1")));
    }

    @Test
    void drawsFollowTheDocumentedDistribution() {
        GroundTruth truth = GroundTruth.of(star(4000), 11);
        var all = truth.mechanisms().values();

        assertThat(all.stream().filter(r -> r.timeoutMs().isPresent()).count() / 4000.0).isCloseTo(GroundTruth.P_TIMEOUT, within(0.03));
        assertThat(all.stream().filter(dev.assay.belief.EdgeMechanism::fallback).count() / 4000.0).isCloseTo(GroundTruth.P_FALLBACK, within(0.03));
        assertThat(all.stream().filter(dev.assay.belief.EdgeMechanism::breaker).count() / 4000.0).isCloseTo(GroundTruth.P_CIRCUIT_BREAKER, within(0.03));
        for (int r = 0; r < GroundTruth.P_RETRIES.length; r++) {
            int retries = r;
            assertThat(all.stream().filter(m -> m.retries() == retries).count() / 4000.0).isCloseTo(GroundTruth.P_RETRIES[r], within(0.03));
        }
        long retrying = all.stream().filter(m -> m.retries() > 0).count();
        assertThat(all.stream().filter(dev.assay.belief.EdgeMechanism::backoff).count() / (double) retrying).isCloseTo(GroundTruth.P_BACKOFF, within(0.05));
    }
}
