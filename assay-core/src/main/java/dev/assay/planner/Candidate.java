package dev.assay.planner;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Fault;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One experiment the planner considered: an intent's fault or a generated one, what it would teach
 * ({@code eigBits}: expected information gain about journey impact), what it would cost (expected error
 * budget, journey-outage minutes), {@code score = eigBits / (expectedCost + overhead)} (see {@link PlanRequest#overheadMinutes()}), its predicted blast
 * radius (service → P(degrades)), and whether it may run; if not, {@code blockedBy} says which hard
 * constraints stopped it. {@code resolves} says in one line what uncertainty it resolves.
 */
public record Candidate(String id, Optional<String> intent, Fault fault, double eigBits, double expectedCost, double score,
                        Map<String, Double> predictedBlastRadius, boolean runnable, List<String> blockedBy, String resolves) {
    public Candidate {
        requireNonNull(id, "id");
        requireNonNull(intent, "intent");
        requireNonNull(fault, "fault");
        requireNonNull(resolves, "resolves");
        predictedBlastRadius = Collections.unmodifiableMap(new LinkedHashMap<>(predictedBlastRadius));
        blockedBy = List.copyOf(blockedBy);
        if (runnable != blockedBy.isEmpty()) throw new IllegalArgumentException("a candidate is runnable exactly when nothing blocks it");
    }
}
