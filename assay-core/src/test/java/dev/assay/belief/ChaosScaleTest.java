package dev.assay.belief;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosScaleTest {
    @Test
    void latencySpans25msTo10sLogSpaced() {
        assertThat(ChaosScale.value(FaultClass.LATENCY, 0)).isEqualTo(25.0);
        assertThat(ChaosScale.value(FaultClass.LATENCY, ChaosScale.LEVELS - 1)).isCloseTo(10_000.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(ChaosScale.level(Fault.of(FaultType.LATENCY, "x", Magnitude.of("delayMs", 500)))).isEqualTo(5);
    }

    @Test
    void everyGeneratedFaultReadsBackToItsLevel() {
        for (FaultClass c : FaultClass.values()) {
            for (int i = 0; i < ChaosScale.LEVELS; i++) {
                assertThat(ChaosScale.level(ChaosScale.fault(c, "x", i, Scope.ALL))).as(c + " " + i).isEqualTo(i);
            }
        }
    }

    @Test
    void errorLevelIsTheShareOfRequestsInScope() {
        Fault f = new Fault(FaultType.ERROR, "x", List.of(Magnitude.NONE), Scope.percent(10));
        assertThat(ChaosScale.value(FaultClass.ERRORS, ChaosScale.level(f))).isBetween(0.06, 0.10);
    }

    @Test
    void chaosLevelRunsToOneHundred() {
        assertThat(ChaosScale.chaosLevel(ChaosScale.LEVELS - 1)).isEqualTo(100);
        assertThat(ChaosScale.indexOfChaosLevel(ChaosScale.chaosLevel(4))).isEqualTo(4);
    }
}
