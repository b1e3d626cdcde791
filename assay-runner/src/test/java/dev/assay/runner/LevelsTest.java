package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.journal.Journal;
import dev.assay.model.Magnitude;
import dev.assay.verdict.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk over chaos levels, with a target whose tolerance is known: it tolerates pauses up to 300 ms. */
class LevelsTest {
    @TempDir
    Path dir;

    private final List<Double> tried = new ArrayList<>();

    private Levels.LevelRun judge(Magnitude level) {
        double ms = level.get("durationMs").orElseThrow();
        tried.add(ms);
        Verdict v = ms <= 300 ? new Verdict.Supported(List.of()) : new Verdict.Refuted("p95 broken at " + ms, List.of());
        Lifecycle.Window w = new Lifecycle.Window(Instant.EPOCH, Instant.EPOCH.plusSeconds(1));
        return new Levels.LevelRun(level, Optional.empty(), Optional.of(v), Optional.of(w));
    }

    private Levels.Result walk(Experiment.Mode mode, long... levels) {
        try (Journal j = Journal.open(dir.resolve("j.db"));
             FaultSet faults = new FaultSet("x", j, Clock.systemUTC(), Duration.ofSeconds(1), Map.of(), ExperimentListener.NONE)) {
            Experiment x = new Experiment("x", Intents.pauseShop("i", Intents.pause(levels), 400, List.of()), List.of(), 0, mode,
                    List.of(), java.util.Set.of(), Map.of());
            Function<Magnitude, Levels.LevelRun> run = this::judge;
            return Levels.walk(x, run, (e, f) -> { }, faults);
        }
    }

    @Test
    void thresholdSearchFindsTheToleranceInLogSteps() {
        Levels.Result r = walk(Experiment.Mode.THRESHOLD_SEARCH, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 550, 600, 650, 700, 750, 800);
        assertThat(tried).hasSizeLessThanOrEqualTo(5); // ceil(log2(16 + 1))
        assertThat(r.lastVerdict().orElseThrow()).isInstanceOf(Verdict.Refuted.class);
        assertThat(((Verdict.Refuted) r.lastVerdict().orElseThrow()).reason()).contains("tolerates up to durationMs=300")
                .contains("breaks at durationMs=350");
    }

    @Test
    void thresholdSearchSupportsWhenThePeakIsTolerated() {
        Levels.Result r = walk(Experiment.Mode.THRESHOLD_SEARCH, 100, 200, 300);
        assertThat(r.lastVerdict().orElseThrow()).isInstanceOf(Verdict.Supported.class);
        assertThat(tried).contains(300.0);
    }

    @Test
    void thresholdSearchWhenNoLevelIsTolerated() {
        Levels.Result r = walk(Experiment.Mode.THRESHOLD_SEARCH, 400, 500, 600, 700);
        assertThat(((Verdict.Refuted) r.lastVerdict().orElseThrow()).reason()).contains("tolerates none of the levels").contains("breaks at durationMs=400");
    }

    @Test
    void aRampStopsAtTheFirstRefutingLevel() {
        Levels.Result r = walk(Experiment.Mode.RAMP, 100, 200, 300, 400, 500);
        assertThat(tried).containsExactly(100.0, 200.0, 300.0, 400.0);
        assertThat(((Verdict.Refuted) r.lastVerdict().orElseThrow()).reason()).startsWith("at level durationMs=400");
    }

    @Test
    void aSingleLevelRunsOnlyThePeak() {
        walk(Experiment.Mode.SINGLE, 100, 200, 300);
        assertThat(tried).containsExactly(300.0);
    }
}
