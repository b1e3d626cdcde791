package dev.assay.verdict;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Comparing the predicted blast radius of an experiment with the one observed. */
public final class BlastRadii {
    private BlastRadii() {
    }

    /** 1 - |predicted ∩ actual| / |predicted ∪ actual|; 0 when both are empty (a perfect prediction of nothing). */
    public static double predictionError(List<String> predicted, List<String> actual) {
        Set<String> union = new HashSet<>(predicted);
        union.addAll(actual);
        if (union.isEmpty()) return 0;
        Set<String> both = new HashSet<>(predicted);
        both.retainAll(actual);
        return 1 - (double) both.size() / union.size();
    }

    /** What was observed but not known before: the members of {@code observed} missing from {@code known}. */
    public static List<String> discovered(List<String> observed, Set<String> known) {
        return observed.stream().filter(s -> !known.contains(s)).distinct().sorted().toList();
    }
}
