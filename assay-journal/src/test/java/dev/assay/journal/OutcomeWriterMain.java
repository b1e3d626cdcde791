package dev.assay.journal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Child process for {@link JournalCrashTest}: writes experiments and outcomes in a loop and prints
 * "committed ID" after each {@code recordOutcome} returns, until it is killed.
 */
public final class OutcomeWriterMain {
    public static void main(String[] args) {
        Journal journal = Journal.open(Path.of(args[0]));
        String prefix = args[1];
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; ; i++) {
            String id = prefix + "-" + i;
            journal.startExperiment(id, "i", List.of("inventory"), t);
            journal.transition(id, "INJECTING", "", t);
            journal.recordOutcome(SampleOutcomes.refuted(id, t));
            journal.finishExperiment(id, "DONE", t);
            System.out.println("committed " + id);
            System.out.flush();
        }
    }
}
