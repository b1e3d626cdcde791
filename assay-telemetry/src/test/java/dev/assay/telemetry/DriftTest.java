package dev.assay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.model.Edge;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Journey;
import dev.assay.model.Magnitude;
import dev.assay.model.Mechanism;
import dev.assay.model.Safety;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import dev.assay.testkit.OtlpSpans;
import dev.assay.testkit.SpanGenerator;
import dev.assay.testkit.TopologyFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift between snapshots names exactly what changed, and intents over what changed are stale. */
class DriftTest {
    static final Topology BEFORE = TopologyFixtures.load("sock-shop.topology.json");

    /** sock-shop without payment (and orders->payment), with a new recommender behind catalogue in browse. */
    static Topology changed() {
        List<Service> services = new ArrayList<>(BEFORE.services().stream().filter(s -> !s.name().equals("payment")).toList());
        services.add(Service.of("recommender"));
        List<Edge> edges = new ArrayList<>(BEFORE.edges().stream().filter(e -> !e.key().equals("orders->payment")).toList());
        edges.add(Edge.of("catalogue", "recommender"));
        List<Journey> journeys = BEFORE.journeys().stream().map(j -> switch (j.name()) {
            case "browse" -> new Journey(j.name(), j.entry(), j.route(), j.weight(), List.of("catalogue", "catalogue-db", "recommender"));
            case "order" -> new Journey(j.name(), j.entry(), j.route(), j.weight(), j.uses().stream().filter(u -> !u.equals("payment")).toList());
            default -> j;
        }).toList();
        return new Topology("sock-shop", services, edges, journeys);
    }

    static GraphSnapshot discover(Topology t, Map<String, String> versions) {
        LiveGraph graph = LiveGraph.create(Clock.systemUTC());
        graph.ingest(OtlpDecoder.decode(OtlpSpans.requestOfTraces(SpanGenerator.builder(t).seed(5).versions(versions)
                .start(Instant.parse("2026-03-01T00:00:00Z")).build().traces())).spans());
        graph.flush();
        return graph.snapshot();
    }

    static Intent intent(String id, String behavior, String target, Optional<Mechanism> mechanism) {
        return new Intent(id, Optional.empty(), behavior, "survives", Fault.of(FaultType.LATENCY, target, Magnitude.of("delayMs", 500)),
                List.of(), mechanism, Optional.empty(), Safety.DEFAULTS);
    }

    @Test
    void aChangedTopologyYieldsADiffNamingExactlyTheChanges(@TempDir Path dir) throws Exception {
        Path before = dir.resolve("before.json");
        SnapshotJson.write(discover(BEFORE, Map.of()), before);
        GraphSnapshot after = discover(changed(), Map.of("carts", "1.1.0"));

        Drift drift = Drift.between(SnapshotJson.read(before), after);

        assertThat(drift.addedServices()).containsExactly("recommender");
        assertThat(drift.removedServices()).containsExactly("payment");
        assertThat(drift.addedEdges()).containsExactly("catalogue->recommender");
        assertThat(drift.removedEdges()).containsExactly("orders->payment");
        assertThat(drift.versionChanges()).containsExactly(new Drift.VersionChange("carts", "1.0.0", "1.1.0"));
        assertThat(drift.callRateShifts()).isEmpty();
        assertThat(drift.journeyChanges()).containsExactlyInAnyOrder(
                new Drift.PathChange("front-end browse", List.of("recommender"), List.of()),
                new Drift.PathChange("front-end order", List.of(), List.of("payment")));
    }

    @Test
    void theSameSystemTwiceHasNoDrift() {
        assertThat(Drift.between(discover(BEFORE, Map.of()), discover(BEFORE, Map.of())).isEmpty()).isTrue();
    }

    @Test
    void anIntentOverARemovedEdgeIsStaleAndOneOverUnchangedPartsIsNot() {
        GraphSnapshot after = discover(changed(), Map.of("carts", "1.1.0"));
        Drift drift = Drift.between(discover(BEFORE, Map.of()), after);
        Intent overRemovedEdge = intent("orders-survive-slow-payment", "order", "payment", Mechanism.parse("timeout(orders->payment)"));
        Intent overCarts = intent("carts-slow", "login", "carts", Optional.empty());
        Intent untouched = intent("user-slow", "login", "user", Mechanism.parse("timeout(front-end->user)"));

        List<StaleIntents.Stale> stale = StaleIntents.find(List.of(overRemovedEdge, overCarts, untouched), drift, after);

        assertThat(stale).extracting(StaleIntents.Stale::intentId).containsExactly("orders-survive-slow-payment", "carts-slow");
        assertThat(stale.get(0).reasons()).contains("fault target 'payment' was removed", "mechanism edge orders->payment was removed",
                "journey 'order' path changed: +[] -[payment]");
        assertThat(stale.get(1).reasons()).containsExactly("fault target 'carts' changed version 1.0.0 -> 1.1.0");
    }

    @Test
    void callRatesThatMoveByTheShiftFactorAreReported() {
        GraphSnapshot base = discover(BEFORE, Map.of());
        List<EdgeStats> doubled = base.edges().stream().map(e -> !e.key().equals("front-end->user") ? e
                : new EdgeStats(e.from(), e.to(), e.sync(), e.calls() * 3, e.errors(), e.callsPerRequest(), e.callsPerSecond() * 3,
                e.latency(), e.firstSeen(), e.lastSeen(), e.inference())).toList();
        GraphSnapshot busier = new GraphSnapshot(base.takenAt(), base.services(), doubled, base.journeys(), base.counts(), List.of());
        Drift drift = Drift.between(base, busier);
        assertThat(drift.callRateShifts()).singleElement().satisfies(s -> {
            assertThat(s.edge()).isEqualTo("front-end->user");
            assertThat(s.factor()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
        });
    }

    @Test
    void aSnapshotSurvivesTheRoundTripThroughItsFile(@TempDir Path dir) throws Exception {
        GraphSnapshot g = discover(BEFORE, Map.of());
        Path file = dir.resolve("g.json");
        SnapshotJson.write(g, file);
        assertThat(SnapshotJson.read(file)).isEqualTo(g);
    }

    @Test
    void aFileThatIsNotASnapshotIsRejectedWithItsName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("intent.yaml");
        Files.writeString(file, "{\"kind\": \"Intent\"}");
        assertThatThrownBy(() -> SnapshotJson.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("intent.yaml").hasMessageContaining("GraphSnapshot");
    }
}
