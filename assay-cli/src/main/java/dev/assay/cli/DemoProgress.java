package dev.assay.cli;

import dev.assay.demo.DemoListener;
import dev.assay.model.Magnitude;
import dev.assay.runner.Phase;
import dev.assay.verdict.Outcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints the demo's live progress: phases, notes, experiment phases, guard values (at most once a second). */
final class DemoProgress implements DemoListener {
    private final PrintWriter out;
    private long lastGuardPrint;

    DemoProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void phase(String phase, String detail) {
        out.println();
        out.println("== " + phase + (detail.isEmpty() ? "" : ": " + detail));
        out.flush();
    }

    @Override
    public void note(String line) {
        out.println(line.endsWith("\n") ? line.substring(0, line.length() - 1) : line);
        out.flush();
    }

    @Override
    public void phaseEntered(String experimentId, Phase phase, String detail) {
        out.println("   " + phase + (detail.isEmpty() ? "" : "  " + detail));
        out.flush();
    }

    @Override
    public void guardsEvaluated(String experimentId, Map<String, Double> values, Magnitude level, Duration timeLeft) {
        long now = System.nanoTime();
        if (now - lastGuardPrint < 1_000_000_000L) return;
        lastGuardPrint = now;
        String v = values.entrySet().stream().map(e -> e.getKey() + "=" + String.format("%.3f", e.getValue())).collect(Collectors.joining("  "));
        out.printf("     %2ds left  %s%n", Math.max(0, timeLeft.toSeconds()), v.isEmpty() ? "(no guards)" : v);
        out.flush();
    }

    @Override
    public void guardBreached(String experimentId, String reason) {
        out.println("   GUARD BREACHED: " + reason);
        out.flush();
    }

    @Override
    public void rolledBack(String experimentId, Duration abortLatency) {
        out.println("   every fault removed in " + abortLatency.toMillis() + " ms");
        out.flush();
    }

    @Override
    public void outcomeRecorded(Outcome outcome) {
        out.printf("   => %s%s  (%.3f bits)%n", outcome.verdict().kind(), outcome.verdictReason().map(r -> ": " + r).orElse(""), outcome.bitsGained());
        out.flush();
    }
}
