package dev.assay.telemetry;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What changed between two graph snapshots: services and edges added or removed, services whose version
 * changed, edges whose call rate moved by at least the shift factor either way, and observed journeys whose
 * path (set of services) changed. Lists are sorted; an empty drift means nothing changed.
 */
public record Drift(List<String> addedServices, List<String> removedServices, List<String> addedEdges,
                    List<String> removedEdges, List<VersionChange> versionChanges, List<RateShift> callRateShifts,
                    List<PathChange> journeyChanges) {
    public static final double DEFAULT_SHIFT_FACTOR = 2.0;

    public Drift {
        addedServices = List.copyOf(addedServices);
        removedServices = List.copyOf(removedServices);
        addedEdges = List.copyOf(addedEdges);
        removedEdges = List.copyOf(removedEdges);
        versionChanges = List.copyOf(versionChanges);
        callRateShifts = List.copyOf(callRateShifts);
        journeyChanges = List.copyOf(journeyChanges);
    }

    public record VersionChange(String service, String before, String after) {
        public VersionChange {
            requireNonNull(service, "service");
            requireNonNull(before, "before");
            requireNonNull(after, "after");
        }
    }

    /** An edge's calls per second before and after. */
    public record RateShift(String edge, double before, double after) {
        public double factor() {
            return before == 0 ? Double.POSITIVE_INFINITY : after / before;
        }
    }

    /** A journey ({@code entry route}) whose services changed. */
    public record PathChange(String journey, List<String> added, List<String> removed) {
        public PathChange {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }

    public boolean isEmpty() {
        return addedServices.isEmpty() && removedServices.isEmpty() && addedEdges.isEmpty() && removedEdges.isEmpty()
                && versionChanges.isEmpty() && callRateShifts.isEmpty() && journeyChanges.isEmpty();
    }

    public static Drift between(GraphSnapshot before, GraphSnapshot after) {
        return between(before, after, DEFAULT_SHIFT_FACTOR);
    }

    /** {@code shiftFactor} > 1: a call rate is reported when it grew or shrank by at least that factor. */
    public static Drift between(GraphSnapshot before, GraphSnapshot after, double shiftFactor) {
        if (!(shiftFactor > 1)) throw new IllegalArgumentException("shiftFactor must be > 1, was " + shiftFactor);
        Map<String, ServiceStats> s0 = new HashMap<>();
        before.services().forEach(s -> s0.put(s.name(), s));
        Map<String, ServiceStats> s1 = new HashMap<>();
        after.services().forEach(s -> s1.put(s.name(), s));
        Map<String, EdgeStats> e0 = new HashMap<>();
        before.edges().forEach(e -> e0.put(e.key(), e));
        Map<String, EdgeStats> e1 = new HashMap<>();
        after.edges().forEach(e -> e1.put(e.key(), e));

        List<VersionChange> versions = new ArrayList<>();
        for (String name : new TreeSet<>(s1.keySet())) {
            ServiceStats old = s0.get(name);
            if (old == null) continue;
            Optional<String> v0 = old.version();
            Optional<String> v1 = s1.get(name).version();
            if (v0.isPresent() && v1.isPresent() && !v0.equals(v1)) versions.add(new VersionChange(name, v0.get(), v1.get()));
        }
        List<RateShift> shifts = new ArrayList<>();
        for (String key : new TreeSet<>(e1.keySet())) {
            EdgeStats old = e0.get(key);
            if (old == null) continue;
            double r0 = old.callsPerSecond();
            double r1 = e1.get(key).callsPerSecond();
            if (r0 > 0 && (r1 >= r0 * shiftFactor || r1 <= r0 / shiftFactor)) shifts.add(new RateShift(key, r0, r1));
        }
        Map<String, JourneyStats> j0 = new HashMap<>();
        before.journeys().forEach(j -> j0.put(j.entry() + " " + j.route(), j));
        List<PathChange> paths = new ArrayList<>();
        for (JourneyStats j : after.journeys()) {
            JourneyStats old = j0.get(j.entry() + " " + j.route());
            if (old == null || old.uses().equals(j.uses())) continue;
            paths.add(new PathChange(j.entry() + " " + j.route(), minus(j.uses(), old.uses()), minus(old.uses(), j.uses())));
        }
        paths.sort(java.util.Comparator.comparing(PathChange::journey));
        return new Drift(minus(s1.keySet(), s0.keySet()), minus(s0.keySet(), s1.keySet()),
                minus(e1.keySet(), e0.keySet()), minus(e0.keySet(), e1.keySet()), versions, shifts, paths);
    }

    private static List<String> minus(java.util.Collection<String> a, java.util.Collection<String> b) {
        TreeSet<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return List.copyOf(out);
    }
}
