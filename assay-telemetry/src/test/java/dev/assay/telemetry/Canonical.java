package dev.assay.telemetry;

import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import java.util.Comparator;
import java.util.Optional;

/** Topologies in one order (services, edges, journeys and their uses sorted) so equal graphs compare equal. */
final class Canonical {
    private Canonical() {
    }

    static Topology of(Topology t) {
        return new Topology(t.name(),
                t.services().stream().sorted(Comparator.comparing(Service::name)).toList(),
                t.edges().stream().map(e -> new Edge(e.from(), e.to(), e.sync(), e.callsPerRequest(), Optional.empty()))
                        .sorted(Comparator.comparing(Edge::key)).toList(),
                t.journeys().stream().map(j -> new Journey(j.name(), j.entry(), j.route(), j.weight(),
                        j.uses().stream().sorted().toList())).sorted(Comparator.comparing(Journey::name)).toList());
    }
}
