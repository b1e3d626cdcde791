package dev.assay.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.Belief;
import dev.assay.belief.MechanismBelief;
import dev.assay.belief.MechanismPriors;
import dev.assay.belief.SystemGraph;
import dev.assay.model.Intent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner on the mechanism belief: intents and generated candidates rank on the same information scale. */
class MechanismPlanningTest {
    @Test
    void anIntentIsWorthWhatItsFaultTeachesAboutTheCallerConesMechanisms() {
        Intent intent = BriefExampleTest.inventoryLatency();
        Belief belief = BriefExampleTest.belief(List.of(intent));
        MechanismBelief mechanisms = MechanismBelief.create(SystemGraph.of(BriefExampleTest.SHOP), MechanismPriors.of(Map.of(), List.of(intent)),
                MechanismBelief.Settings.DEFAULTS);
        PlanRequest all = PlanRequest.defaults().withTop(1000).withBudget(1e9, 1.0).withMaxBlastRadius(1e9);
        Plan plan = Planner.create(belief, List.of(intent), mechanisms).plan(all);
        Candidate c = plan.candidates().stream().filter(x -> x.intent().isPresent()).findFirst().orElseThrow();
        assertThat(c.eigBits()).isPositive().isEqualTo(mechanisms.coneBits(intent.fault(), 256));
        // without the mechanism belief the intent is scored in journey bits, a different number
        Candidate v1 = Planner.create(belief, List.of(intent)).plan(all).candidates().stream().filter(x -> x.intent().isPresent()).findFirst().orElseThrow();
        assertThat(v1.eigBits()).isNotEqualTo(c.eigBits());
    }
}
