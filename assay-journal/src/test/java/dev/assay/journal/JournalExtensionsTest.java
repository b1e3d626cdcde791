package dev.assay.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.FaultClass;
import dev.assay.model.Incident;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Schema version 2 on both backends: the experiment lease, incidents, and topology fingerprints. */
class JournalExtensionsTest {
    @TempDir
    Path dir;

    private final Instant t0 = Instant.parse("2026-11-25T04:00:00Z");
    private final Duration ttl = Duration.ofSeconds(30);

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theLeaseIsHeldByOneHolderUntilReleasedOrExpired(Backend b) {
        String at = b.location(dir);
        try (Journal a = Journal.open(at); Journal other = Journal.open(at)) {
            assertThat(a.acquireExperimentLease("A", "e1", t0, ttl)).isTrue();
            assertThat(other.acquireExperimentLease("B", "e2", t0.plusSeconds(10), ttl)).as("held by A").isFalse();
            assertThat(a.acquireExperimentLease("A", "e1", t0.plusSeconds(20), ttl)).as("A renews").isTrue();
            assertThat(other.acquireExperimentLease("B", "e2", t0.plusSeconds(40), ttl)).as("renewed until 50 s").isFalse();
            assertThat(other.experimentLease()).contains(new Journal.ExperimentLease("A", "e1", t0.plusSeconds(50)));
            assertThat(other.acquireExperimentLease("B", "e2", t0.plusSeconds(51), ttl)).as("A's lease expired").isTrue();
            assertThat(a.acquireExperimentLease("A", "e3", t0.plusSeconds(52), ttl)).as("now held by B").isFalse();
            a.releaseExperimentLease("A");
            assertThat(a.experimentLease()).map(Journal.ExperimentLease::holder).contains("B");
            other.releaseExperimentLease("B");
            assertThat(a.experimentLease()).isEmpty();
            assertThat(a.acquireExperimentLease("A", "e3", t0.plusSeconds(53), ttl)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void incidentsAreStoredResolvedAndOpenOnesAreKnown(Backend b) {
        Incident i1 = new Incident("INC-1", "inventory", FaultClass.LATENCY, OptionalDouble.of(800), List.of("checkout", "frontend"),
                t0, Optional.empty(), "inventory slow after deploy");
        Incident i2 = new Incident("INC-2", "payments", FaultClass.ERRORS, OptionalDouble.empty(), List.of(), t0.plusSeconds(60),
                Optional.of(t0.plusSeconds(600)), "");
        try (Journal j = Journal.open(b.location(dir))) {
            assertThat(j.incidentOpen()).isFalse();
            j.recordIncident(i1);
            j.recordIncident(i2);
            assertThat(j.incidents()).containsExactly(i1, i2);
            assertThat(j.incidentOpen()).isTrue();
            assertThat(j.openIncidents()).containsExactly(i1);
            assertThat(j.resolveIncident("INC-1", t0.plusSeconds(900))).isTrue();
            assertThat(j.resolveIncident("INC-1", t0.plusSeconds(901))).as("already resolved").isFalse();
            assertThat(j.resolveIncident("INC-404", t0)).isFalse();
            assertThat(j.incidentOpen()).isFalse();
            assertThat(j.incidents().get(0).resolvedAt()).contains(t0.plusSeconds(900));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void topologyFingerprintsAreKeptPerExperiment(Backend b) {
        try (Journal j = Journal.open(b.location(dir))) {
            j.startExperiment("e1", "i", List.of(), t0);
            j.startExperiment("e2", "i", List.of(), t0.plusSeconds(1));
            j.startExperiment("e3", "i", List.of(), t0.plusSeconds(2));
            j.recordTopology("e1", "abc");
            j.recordTopology("e3", "def");
            assertThat(j.topologies()).containsExactly(java.util.Map.entry("e1", "abc"), java.util.Map.entry("e3", "def"));
        }
    }
}
