package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A user flow: it enters the system at {@code entry} (optionally on a route) and traverses {@code uses}
 * (resolved: never empty unless nothing is reachable; the entry itself is not listed). {@code weight} is its
 * criticality, used to weigh information gain and cost.
 */
public record Journey(String name, String entry, Optional<String> route, double weight, List<String> uses) {
    public Journey {
        requireNonNull(name, "name");
        requireNonNull(entry, "entry");
        requireNonNull(route, "route");
        uses = List.copyOf(uses);
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("journey weight must be a positive number, was " + weight);
        }
    }

    /** Every service the journey touches: its entry, then what it uses. */
    public List<String> services() {
        var all = new java.util.ArrayList<String>(uses.size() + 1);
        all.add(entry);
        for (String s : uses) if (!s.equals(entry)) all.add(s);
        return List.copyOf(all);
    }
}
