package dev.assay.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Topology;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyGeneratorTest {
    private static final Topology LARGE = TopologyGenerator.generate(17_000, 42);

    @Test
    void sameSeedGivesTheSameTopology() {
        assertThat(TopologyGenerator.generate(300, 7)).isEqualTo(TopologyGenerator.generate(300, 7));
        assertThat(TopologyGenerator.generate(300, 7)).isNotEqualTo(TopologyGenerator.generate(300, 8));
    }

    @Test
    void productionScaleHasAboutThirtyOneThousandEdgesAndFiveHundredJourneys() {
        assertThat(LARGE.services()).hasSize(17_000);
        assertThat(LARGE.edges().size()).isBetween(30_000, 32_000);
        assertThat(LARGE.journeys().size()).isBetween(490, 510);
    }

    @Test
    void fanOutIsHeavyTailed() {
        Map<String, Integer> fanOut = new HashMap<>();
        for (Edge e : LARGE.edges()) fanOut.merge(e.from(), 1, Integer::sum);
        int max = fanOut.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        double mean = LARGE.edges().size() / (double) fanOut.size();
        assertThat(max).isGreaterThan((int) (10 * mean));
    }

    @Test
    void hasAFewCyclesButIsMostlyTreeLike() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < LARGE.services().size(); i++) index.put(LARGE.services().get(i).name(), i);
        long back = LARGE.edges().stream().filter(e -> index.get(e.to()) < index.get(e.from())).count();
        assertThat(back).isBetween(1L, LARGE.edges().size() / 50L);
    }

    @Test
    void journeysStartAtEntriesWithoutCallersAndUseWhatTheyReach() {
        Topology small = TopologyGenerator.generate(200, 3);
        for (Journey j : small.journeys()) {
            assertThat(small.callers(j.entry())).isEmpty();
            assertThat(j.uses()).containsExactlyInAnyOrderElementsOf(small.reachableFrom(j.entry()));
        }
    }

    @Test
    void rejectsFewerThanTwoServices() {
        assertThatThrownBy(() -> TopologyGenerator.generate(1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2");
    }
}
