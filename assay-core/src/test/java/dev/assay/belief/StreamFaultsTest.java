package dev.assay.belief;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.FaultClass;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Scope;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AI-API faults on the chaos scale and in the request mix the belief propagates. */
class StreamFaultsTest {
    @Test
    void slowStreamIsTheTimeToTheEndOfASixteenEventAnswer() {
        assertThat(StreamFaults.addedMillis(Magnitude.of("firstEventDelayMs", 2000))).isEqualTo(2000);
        assertThat(StreamFaults.addedMillis(new Magnitude(Map.of("firstEventDelayMs", 100.0, "betweenEventsDelayMs", 50.0)))).isEqualTo(900);
        int level = ChaosScale.level(FaultType.SLOW_STREAM, Magnitude.of("firstEventDelayMs", 2000), Scope.ALL);
        assertThat(level).as("2 s to first token reads as a 2 s latency").isEqualTo(ChaosScale.indexOf(2000, FaultClass.LATENCY));
        assertThat(ChaosScale.value(FaultClass.LATENCY, level)).isLessThanOrEqualTo(2000 * 1.02);
    }

    @Test
    void streamCutLosesTheShareOfTheAnswerAfterTheEarlierCut() {
        assertThat(StreamFaults.lostShare(Magnitude.of("afterEvents", 4))).isEqualTo(0.75);
        assertThat(StreamFaults.lostShare(Magnitude.of("afterBytes", 1024))).isEqualTo(0.5);
        assertThat(StreamFaults.lostShare(new Magnitude(Map.of("afterEvents", 12.0, "afterBytes", 512.0)))).isEqualTo(0.75);
        assertThat(StreamFaults.lostShare(Magnitude.of("afterEvents", 100))).isZero();
    }

    @Test
    void theRequestMixFailsOrDelaysTheAffectedShare() {
        RequestMix cut = RequestMix.ofFault(FaultType.STREAM_CUT, Magnitude.of("afterEvents", 8), 0.5);
        assertThat(cut.atoms()).anySatisfy(a -> {
            assertThat(a.failed()).isTrue();
            assertThat(a.p()).isEqualTo(0.25);
        });
        RequestMix slow = RequestMix.ofFault(FaultType.SLOW_STREAM, Magnitude.of("firstEventDelayMs", 3000), 1.0);
        assertThat(slow.atoms()).allSatisfy(a -> assertThat(a.failed()).isFalse()).anySatisfy(a -> assertThat(a.delayMs()).isEqualTo(3000));
        for (FaultType t : new FaultType[] {FaultType.RATE_LIMIT, FaultType.OVERLOADED, FaultType.MALFORMED_BODY}) {
            assertThat(RequestMix.ofFault(t, Magnitude.NONE, 0.1).atoms()).as(t.id()).anySatisfy(a -> {
                assertThat(a.failed()).isTrue();
                assertThat(a.p()).isEqualTo(0.1);
            });
        }
    }
}
