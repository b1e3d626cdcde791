package dev.assay.telemetry;

import dev.assay.model.SliDefinition;
import dev.assay.model.SystemConfig;
import dev.assay.model.TelemetrySourceConfig;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/** The {@link SliSource} of a system configuration: each SLI is read from the source it names, failing closed. */
public final class SliSources {
    private SliSources() {
    }

    public static SliSource forSystem(SystemConfig system, Clock clock) {
        Optional<SliSource> prometheus = system.source(TelemetrySourceConfig.Kind.PROMETHEUS)
                .map(t -> PrometheusSliSource.create(URI.create(t.address()), system.slis(), clock));
        Optional<SliSource> proxy = system.source(TelemetrySourceConfig.Kind.PROXY)
                .map(t -> ProxySliSource.create(URI.create(t.address()), GraphDiscovery.names(t), system.slis(), clock));
        return (sli, window) -> {
            Optional<SliDefinition> def = system.sli(sli);
            if (def.isEmpty()) return new Reading.Unknown(sli, "no SLI named '" + sli + "' in system " + system.name());
            Optional<SliSource> source = def.get().source() == SliDefinition.Source.PROMETHEUS ? prometheus : proxy;
            return source.map(s -> s.read(sli, window)).orElseGet(() -> new Reading.Unknown(sli,
                    "SLI '" + sli + "' reads from " + def.get().source().id() + " but the system configures no such telemetry source"));
        };
    }

}
