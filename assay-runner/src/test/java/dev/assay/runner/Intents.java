package dev.assay.runner;

import dev.assay.model.AbortCondition;
import dev.assay.model.Expectation;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.Magnitude;
import dev.assay.model.Quantity;
import dev.assay.model.Safety;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Intents against the probed "shop" journey, for runner tests. */
final class Intents {
    private Intents() {
    }

    static Intent pauseShop(String id, List<Magnitude> levels, double p95BelowMs, List<AbortCondition> abortWhen) {
        return new Intent(id, Optional.empty(), "shop", "the shop answers within " + p95BelowMs + " ms at p95 while it is paused",
                new Fault(FaultType.PAUSE, "shop", levels, dev.assay.model.Scope.ALL),
                List.of(new Expectation("shop.latency.p95", Expectation.Comparison.BELOW, Quantity.millis(p95BelowMs)),
                        new Expectation("shop.errors.rate", Expectation.Comparison.BELOW, Quantity.ratio(0.05))),
                Optional.empty(), Optional.of(new dev.assay.model.BlastRadius(List.of("shop"))),
                new Safety(0.05, List.of("payment"), abortWhen, Duration.ZERO, Duration.ofMinutes(1)));
    }

    static List<Magnitude> pause(long... millis) {
        return java.util.Arrays.stream(millis).mapToObj(ms -> Magnitude.of("durationMs", ms)).toList();
    }

    static AbortCondition throughputDropsBy(double fraction) {
        return new AbortCondition("shop.requests.rate", AbortCondition.Trigger.DROPS_BY, Quantity.ratio(fraction));
    }
}
