package dev.assay.belief;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MechanismViewsTest {
    @Test
    void everyMechanismsViewIsTheDirectComputationAndIdenticalViewsAreShared() {
        MechanismViews views = new MechanismViews();
        RequestMix errors = RequestMix.affected(0.3, 0, true);
        MechanismViews.Views v = views.of(2.5, errors);
        for (int m = 0; m < EdgeMechanism.GRID.size(); m++) {
            assertThat(v.byMechanism()[m]).isEqualTo(EdgeMechanism.GRID.get(m).view(errors).calls(2.5, MechanismForward.MAX_CALLS));
            assertThat(v.byMechanism()[m]).isSameAs(v.distinct()[v.distinctOf()[m]]);
        }
        // fast errors: timeouts are invisible, so far fewer distinct views than mechanisms
        assertThat(v.distinct().length).isLessThan(EdgeMechanism.GRID.size() / 4);
        assertThat(Arrays.stream(v.distinctOf()).max().orElseThrow()).isEqualTo(v.distinct().length - 1);
    }

    @Test
    void anEqualMixIsAHitAndADifferentCallCountIsNot() {
        MechanismViews views = new MechanismViews();
        MechanismViews.Views a = views.of(1, RequestMix.affected(0.5, 300, false));
        assertThat(views.of(1, RequestMix.affected(0.5, 300, false))).isSameAs(a);
        assertThat(views.of(2, RequestMix.affected(0.5, 300, false))).isNotSameAs(a);
        assertThat(RequestMix.affected(0.5, 300, false)).isEqualTo(RequestMix.affected(0.5, 300, false))
                .hasSameHashCodeAs(RequestMix.affected(0.5, 300, false)).isNotEqualTo(RequestMix.affected(0.5, 301, false));
    }
}
