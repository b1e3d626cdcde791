package dev.assay.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.testkit.Jvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real child JVM writing outcomes is kill -9'd at random moments; no committed outcome may be lost. */
class JournalCrashTest {
    private static final int KILLS = 50;

    @TempDir
    Path dir;

    @Test
    void killNineDuringWritesLosesNoCommittedOutcome() throws Exception {
        Path file = dir.resolve("crash.db");
        Random random = new Random(20261125);
        Set<String> committed = new HashSet<>();
        int killedMidWrite = 0;
        for (int round = 0; round < KILLS; round++) {
            Process child = new ProcessBuilder(Jvm.javaBinary(), "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", Jvm.classPath(),
                    OutcomeWriterMain.class.getName(), file.toString(), "r" + round)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine(); // the child is writing once it has committed one outcome
            assertThat(first).as("round %d: child started writing", round).startsWith("committed ");
            committed.add(first.substring("committed ".length()));
            Thread.sleep(random.nextInt(60));
            child.toHandle().destroyForcibly(); // SIGKILL on Linux; unlike Process.destroyForcibly it keeps stdout readable
            child.waitFor(10, TimeUnit.SECONDS);
            int afterFirst = 0;
            for (String line = out.readLine(); line != null; line = out.readLine()) { // what it printed before it died
                committed.add(line.substring("committed ".length()));
                afterFirst++;
            }
            if (afterFirst > 0) killedMidWrite++;
            try (Journal j = Journal.open(file)) {
                Set<String> present = new HashSet<>();
                j.outcomes().forEach(o -> present.add(o.experimentId()));
                assertThat(present).as("round %d", round).containsAll(committed);
                List<Journal.Unfinished> unfinished = j.unfinished();
                assertThat(unfinished).as("at most the experiment being written when killed").hasSizeLessThanOrEqualTo(round + 1);
            }
        }
        assertThat(committed).hasSizeGreaterThan(KILLS);
        assertThat(killedMidWrite).as("rounds killed while the child was still writing").isGreaterThan(KILLS / 2);
    }
}
