package dev.assay.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.Finding;
import dev.assay.model.FaultClass;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeBeliefsTest {
    private static Finding finding(FaultClass c, double pDegrades) {
        return new Finding("checkout", "payment", c, 3, "latency delayMs=400", pDegrades);
    }

    @Test
    void aConfidentFragileFindingMakesTheEdgeFragileWhateverElseWasTolerated() {
        assertThat(EdgeBeliefs.standing(List.of(finding(FaultClass.LATENCY, 0.05), finding(FaultClass.UNAVAILABILITY, 0.9))))
                .isEqualTo(EdgeBelief.Standing.FRAGILE);
    }

    @Test
    void anEdgeIsTolerantOnlyWhenEveryTestedFaultIsConfidentlySurvived() {
        assertThat(EdgeBeliefs.standing(List.of(finding(FaultClass.LATENCY, 0.05)))).isEqualTo(EdgeBelief.Standing.TOLERANT);
        assertThat(EdgeBeliefs.standing(List.of(finding(FaultClass.LATENCY, 0.05), finding(FaultClass.UNAVAILABILITY, 0.3))))
                .isEqualTo(EdgeBelief.Standing.UNCERTAIN);
    }

    @Test
    void anUntestedEdgeIsUncertain() {
        assertThat(EdgeBeliefs.standing(List.of())).isEqualTo(EdgeBelief.Standing.UNCERTAIN);
    }
}
