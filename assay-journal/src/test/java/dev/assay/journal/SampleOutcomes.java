package dev.assay.journal;

import dev.assay.verdict.Evidence;
import dev.assay.verdict.Interval;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Outcomes with every field set, for journal tests. */
final class SampleOutcomes {
    private SampleOutcomes() {
    }

    static Outcome refuted(String experimentId, Instant start) {
        Evidence e = new Evidence("checkout.latency.p99", "checkout.latency.p99 below 400ms", 400, Evidence.Reference.BASELINE_WINDOW,
                120.5, 812.25, Optional.of(new Interval(780, 845, 0.95)), 2000, 1990, 0.0005, Evidence.Decision.BROKEN, "bootstrap");
        return new Outcome(experimentId, "checkout-tolerates-inventory-latency", new Verdict.Refuted("p99 broken", List.of(e)),
                Optional.empty(), Optional.empty(), List.of("inventory"), List.of("inventory", "checkout"), List.of("checkout->inventory"),
                0.5, 0.0004, 0.73, start, start.plusSeconds(90));
    }

    /** A refuted outcome with its services' and journey's SLI windows (p50 unknown for one of them). */
    static Outcome measured(String experimentId, Instant start) {
        var base = new dev.assay.verdict.SliWindows.Window(0.001, 3000, java.util.OptionalDouble.of(12.5), java.util.OptionalDouble.of(40));
        var fault = new dev.assay.verdict.SliWindows.Window(0.9875, 1200, java.util.OptionalDouble.empty(), java.util.OptionalDouble.of(912.25));
        var journey = new dev.assay.verdict.SliWindows.Window(0.5, 800, java.util.OptionalDouble.of(300), java.util.OptionalDouble.of(1500));
        return refuted(experimentId, start).withMeasured(List.of(new dev.assay.verdict.SliWindows("checkout", false, base, fault),
                new dev.assay.verdict.SliWindows("checkout", true, base, journey)));
    }

    static Outcome aborted(String experimentId, Instant start) {
        return new Outcome(experimentId, "orders-survive", new Verdict.Aborted("business.orders.rate dropped by 40%", List.of()),
                Optional.of("business.orders.rate dropped by 40%"), Optional.of(Duration.ofMillis(87)), List.of(), List.of(), List.of(),
                0, 0.001, 0.1, start, start.plusSeconds(3));
    }
}
