package dev.assay.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {
    private static final List<Service> ABC = List.of(Service.of("a"), Service.of("b"), Service.of("c"));

    @Test
    void defaultJourneysStartAtServicesWithoutCallersAndUseAllTheyReach() {
        Topology t = Topology.withDefaultJourneys("t", ABC, List.of(Edge.of("a", "b"), Edge.of("b", "c")));
        assertThat(t.journeys()).singleElement().satisfies(j -> {
            assertThat(j.entry()).isEqualTo("a");
            assertThat(j.uses()).containsExactly("b", "c");
        });
    }

    @Test
    void reachabilityTerminatesOnCycles() {
        Topology t = Topology.withDefaultJourneys("t", ABC, List.of(Edge.of("a", "b"), Edge.of("b", "c"), Edge.of("c", "b")));
        assertThat(t.reachableFrom("a")).containsExactly("b", "c");
        assertThat(t.reachableFrom("b")).containsExactly("c");
    }

    @Test
    void rejectsEdgesToUnknownServices() {
        assertThatThrownBy(() -> new Topology("t", ABC, List.of(Edge.of("a", "zz")), List.of()))
                .hasMessageContaining("unknown service 'zz'");
    }
}
