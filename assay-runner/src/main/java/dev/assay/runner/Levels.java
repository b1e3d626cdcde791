package dev.assay.runner;

import dev.assay.model.Magnitude;
import dev.assay.verdict.Verdict;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * How an experiment walks its fault's levels: the peak alone; a ramp upward that stops at the first level
 * that refutes the intent (no point, and no safety, in going higher); or a threshold search that bisects the
 * levels to find the highest one the target tolerates in about log2(levels) steps.
 */
final class Levels {
    private Levels() {
    }

    record LevelRun(Magnitude level, Optional<GuardLoop.Breach> breach, Optional<Verdict> verdict, Optional<Lifecycle.Window> window) {
    }

    /** Where the walk ended: a breach, or the verdict and the window it was decided on. */
    record Result(Optional<GuardLoop.Breach> breach, Optional<Verdict> lastVerdict, Optional<Lifecycle.Window> lastWindow,
                  Optional<Lifecycle.Window> decisiveWindow) {
        static Result breached(LevelRun r, Optional<Verdict> last) {
            return new Result(r.breach(), last, r.window(), Optional.empty());
        }

        static Result decided(Verdict v, LevelRun r) {
            return new Result(Optional.empty(), Optional.of(v), r.window(), r.window());
        }
    }

    static Result walk(Experiment x, Function<Magnitude, LevelRun> run, BiConsumer<Experiment, FaultSet> removeBetween, FaultSet faults) {
        List<Magnitude> levels = x.intent().fault().levels();
        return switch (x.mode()) {
            case SINGLE -> single(run.apply(x.intent().fault().peak()));
            case RAMP -> ramp(x, levels, run, removeBetween, faults);
            case THRESHOLD_SEARCH -> bisect(x, levels, run, removeBetween, faults);
        };
    }

    private static Result single(LevelRun r) {
        return r.breach().isPresent() ? Result.breached(r, Optional.empty()) : Result.decided(r.verdict().orElseThrow(), r);
    }

    private static Result ramp(Experiment x, List<Magnitude> levels, Function<Magnitude, LevelRun> run,
                               BiConsumer<Experiment, FaultSet> removeBetween, FaultSet faults) {
        Optional<Verdict> last = Optional.empty();
        LevelRun r = null;
        for (Magnitude level : levels) {
            if (!faults.isEmpty()) removeBetween.accept(x, faults);
            r = run.apply(level);
            if (r.breach().isPresent()) return Result.breached(r, last);
            Verdict v = r.verdict().orElseThrow();
            last = Optional.of(v);
            if (!(v instanceof Verdict.Supported)) return Result.decided(atLevel(v, level), r);
        }
        return Result.decided(last.orElseThrow(), r);
    }

    private static Result bisect(Experiment x, List<Magnitude> levels, Function<Magnitude, LevelRun> run,
                                 BiConsumer<Experiment, FaultSet> removeBetween, FaultSet faults) {
        int lo = -1;
        int hi = levels.size();
        Map<Integer, LevelRun> runs = new HashMap<>();
        Optional<Verdict> last = Optional.empty();
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (!faults.isEmpty()) removeBetween.accept(x, faults);
            LevelRun r = run.apply(levels.get(mid));
            if (r.breach().isPresent()) return Result.breached(r, last);
            Verdict v = r.verdict().orElseThrow();
            last = Optional.of(v);
            runs.put(mid, r);
            switch (v) {
                case Verdict.Supported s -> lo = mid;
                case Verdict.Refuted rf -> hi = mid;
                default -> {
                    return Result.decided(atLevel(v, levels.get(mid)), r);
                }
            }
        }
        String tolerated = lo < 0 ? "none of the levels" : "up to " + levels.get(lo).describe();
        if (hi == levels.size()) {
            LevelRun top = runs.get(lo);
            return Result.decided(top.verdict().orElseThrow(), top);
        }
        LevelRun broke = runs.get(hi);
        Verdict.Refuted refuted = (Verdict.Refuted) broke.verdict().orElseThrow();
        return Result.decided(new Verdict.Refuted("threshold search: tolerates " + tolerated + ", breaks at " + levels.get(hi).describe()
                + " (" + runs.size() + " of " + levels.size() + " levels tried): " + refuted.reason(), refuted.evidence()), broke);
    }

    private static Verdict atLevel(Verdict v, Magnitude level) {
        return switch (v) {
            case Verdict.Refuted r -> new Verdict.Refuted("at level " + level.describe() + ": " + r.reason(), r.evidence());
            case Verdict.Inconclusive i -> new Verdict.Inconclusive("at level " + level.describe() + ": " + i.reason(), i.evidence());
            default -> v;
        };
    }
}
