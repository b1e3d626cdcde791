package dev.assay.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.model.Edge;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Journey;
import dev.assay.model.Magnitude;
import dev.assay.model.Scope;
import dev.assay.model.Service;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntryFaultsTest {
    static final Topology SHOP = new Topology("shop", List.of(new Service("checkout", ServiceKind.SERVICE), new Service("cart", ServiceKind.SERVICE)),
            List.of(Edge.of("checkout", "cart")), List.of(new Journey("checkout", "checkout", Optional.empty(), 1, List.of("cart"))));

    static Candidate candidate(String id, Optional<String> intent, String target, boolean runnable) {
        return new Candidate(id, intent, new Fault(FaultType.LATENCY, target, List.of(Magnitude.of("delayMs", 100)), Scope.percent(100)), 1, 0.01, 100,
                Map.of(), runnable, runnable ? List.of() : List.of("outside the allowed window"), "resolves " + id);
    }

    @Test
    void generatedFaultsOnAJourneysEntryGoBehindTheOthersThenTheTopIsCutAndBlockedOnesFollow() {
        Plan plan = new Plan(List.of(candidate("gen-entry", Optional.empty(), "checkout", true), candidate("intent-entry", Optional.of("i"), "checkout", true),
                candidate("gen-cart", Optional.empty(), "cart", true), candidate("gen-cart-2", Optional.empty(), "cart", true),
                candidate("blocked", Optional.empty(), "cart", false)), List.of(new Plan.Redundant("r", 0.99)), new Plan.Stats(5, 3));
        Plan ranked = EntryFaults.last(plan, SHOP, 3);
        assertThat(ranked.candidates()).extracting(Candidate::id).containsExactly("intent-entry", "gen-cart", "gen-cart-2", "blocked");
        assertThat(ranked.redundant()).isEqualTo(plan.redundant());
        assertThat(ranked.stats()).isEqualTo(plan.stats());
        assertThat(EntryFaults.last(plan, SHOP, 10).candidates()).extracting(Candidate::id)
                .containsExactly("intent-entry", "gen-cart", "gen-cart-2", "gen-entry", "blocked");
    }

    @Test
    void aNegativeTopIsRefused() {
        assertThatThrownBy(() -> EntryFaults.last(new Plan(List.of(), List.of(), new Plan.Stats(0, 0)), SHOP, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("top");
    }
}
