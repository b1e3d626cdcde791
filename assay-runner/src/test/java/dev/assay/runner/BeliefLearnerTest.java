package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.Belief;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.model.Edge;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Journey;
import dev.assay.model.Magnitude;
import dev.assay.model.Service;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BeliefLearnerTest {
    private final Clock clock = Clock.systemUTC();

    private static Topology shop() {
        return new Topology("shop", List.of(new Service("frontend", ServiceKind.SERVICE), new Service("inventory", ServiceKind.SERVICE)),
                List.of(Edge.of("frontend", "inventory")), List.of());
    }

    @Test
    void aRefutedOutcomeTeachesBitsAndTheSnapshotRestores() {
        Belief belief = Belief.create(shop());
        BeliefLearner learner = BeliefLearner.of(belief, clock);
        var intent = Intents.pauseShop("frontend-tolerates-slow-inventory", Intents.pause(500), 400, List.of());
        var fault = Fault.of(FaultType.LATENCY, "inventory", Magnitude.of("delayMs", 2000));
        var i2 = new dev.assay.model.Intent(intent.id(), Optional.empty(), "frontend", "h", fault, intent.expect(), Optional.empty(),
                Optional.empty(), intent.safety());
        Experiment x = new Experiment("e1", i2, List.of("inventory"), 0, Experiment.Mode.SINGLE, List.of(), Set.of(),
                Map.of("inventory", List.of("inventory.errors.rate"), "frontend", List.of("frontend.errors.rate")));
        Instant now = clock.instant();
        Outcome o = new Outcome("e1", i2.id(), new Verdict.Refuted("p95 broken", List.of()), Optional.empty(), Optional.empty(),
                List.of("inventory"), List.of("inventory", "frontend"), List.of(), 0.5, 0, 0, now, now);
        String before = learner.snapshotJson();
        double bits = learner.update(x, o);
        assertThat(bits).isGreaterThan(0);
        String after = learner.snapshotJson();
        assertThat(after).isNotEqualTo(before);
        Belief restored = BeliefLearner.restore(after, SystemGraph.of(shop()), Priors.broad(), Belief.Settings.DEFAULTS, clock).orElseThrow();
        assertThat(BeliefLearner.of(restored, clock).snapshotJson()).isEqualTo(after);
        assertThat(BeliefLearner.restore("{}", SystemGraph.of(shop()), Priors.broad(), Belief.Settings.DEFAULTS, clock)).isEmpty();
    }
}
