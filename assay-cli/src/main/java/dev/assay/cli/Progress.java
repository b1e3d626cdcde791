package dev.assay.cli;

import dev.assay.model.Magnitude;
import dev.assay.runner.ExperimentListener;
import dev.assay.runner.Phase;
import dev.assay.spi.Injector;
import dev.assay.verdict.Outcome;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Live progress of {@code assay run} on standard error: phases, faults, guard values (once a second) and time left. */
final class Progress implements ExperimentListener {
    private final PrintWriter err;
    private final Clock clock;
    private volatile Instant lastGuardLine = Instant.EPOCH;

    Progress(PrintWriter err, Clock clock) {
        this.err = err;
        this.clock = clock;
    }

    @Override
    public void experimentStarted(String experimentId, String intentId) {
        line("experiment " + experimentId + " (intent " + intentId + ")");
    }

    @Override
    public void phaseEntered(String experimentId, Phase phase, String detail) {
        line("  " + phase + (detail.isBlank() ? "" : ": " + detail));
    }

    @Override
    public void faultApplied(String experimentId, Injector.AppliedFault fault) {
        line("  fault " + fault.fault().type().id() + " on " + fault.fault().target() + " " + fault.level().describe() + " (lease "
                + fault.lease().id() + ")");
    }

    @Override
    public void guardsEvaluated(String experimentId, Map<String, Double> values, Magnitude level, Duration timeLeft) {
        Instant now = clock.instant();
        if (Duration.between(lastGuardLine, now).compareTo(Duration.ofSeconds(1)) < 0) return;
        lastGuardLine = now;
        String guards = values.entrySet().stream().map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.4g", e.getValue()))
                .collect(Collectors.joining(" "));
        line("  guards " + (guards.isEmpty() ? "(none)" : guards) + "  time left " + timeLeft.toSeconds() + " s");
    }

    @Override
    public void guardBreached(String experimentId, String reason) {
        line("  GUARD BREACHED: " + reason);
    }

    @Override
    public void rolledBack(String experimentId, Duration abortLatency) {
        line("  faults removed in " + abortLatency.toMillis() + " ms");
    }

    @Override
    public void rollbackUnconfirmed(String experimentId, java.util.List<String> problems) {
        line("  ROLLBACK NOT CONFIRMED: " + String.join("; ", problems) + "; the next run verifies it is gone");
    }

    @Override
    public void outcomeRecorded(Outcome outcome) {
        line("  outcome: " + outcome.verdict().kind() + outcome.verdictReason().map(r -> " — " + r).orElse(""));
    }

    private void line(String s) {
        err.println(s);
        err.flush();
    }
}
