package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.journal.Journal;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.spi.Injector;
import dev.assay.spi.Lease;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner hands the intent's exclusion zones to an injector that is {@link ZoneAware}. The injector here only
 * records what it is given (the wiring is what is tested; the Chaos Mesh injector's use of the zones is tested
 * against a CRUD-mode API server in assay-k8s's IntentExclusionZonesTest).
 */
class ZoneAwareTest {
    @TempDir
    Path dir;

    static final class Recording implements Injector, ZoneAware {
        final List<List<String>> zones = new CopyOnWriteArrayList<>();

        @Override
        public Set<FaultType> supports() {
            return Set.of(FaultType.PAUSE);
        }

        @Override
        public AppliedFault apply(Fault fault, Magnitude level, Lease lease) {
            zones.add(List.of("<none: the zone-less apply>"));
            return new AppliedFault(lease.id(), fault, level, lease);
        }

        @Override
        public AppliedFault apply(Fault fault, Magnitude level, Lease lease, List<String> exclusionZones) {
            zones.add(exclusionZones);
            return new AppliedFault(lease.id(), fault, level, lease);
        }

        @Override
        public void remove(AppliedFault fault) {
        }
    }

    @Test
    void theIntentsExclusionZonesReachAZoneAwareInjector() {
        Recording injector = new Recording();
        try (Journal j = Journal.open(dir.resolve("j.db"));
             FaultSet faults = new FaultSet("x", j, Clock.systemUTC(), Duration.ofSeconds(5), Map.of(FaultType.PAUSE, injector), ExperimentListener.NONE)) {
            j.startExperiment("x", "i", List.of(), Clock.systemUTC().instant());
            Fault pause = Intents.pauseShop("i", Intents.pause(100), 400, List.of()).fault();
            faults.apply(pause, Magnitude.of("durationMs", 100), List.of("payments", "ops"));
            faults.removeAll();
        }
        assertThat(injector.zones).containsExactly(List.of("payments", "ops"));
    }
}
