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
        return new BySource(system, prometheus, proxy);
    }

    /** Each SLI from its own source; coverage from the sources that know it (the proxy's history). */
    private record BySource(SystemConfig system, Optional<SliSource> prometheus, Optional<SliSource> proxy) implements SliSource, SliCoverage {
        @Override
        public Reading read(String sli, java.time.Duration window) {
            Optional<SliDefinition> def = system.sli(sli);
            if (def.isEmpty()) return new Reading.Unknown(sli, "no SLI named '" + sli + "' in system " + system.name());
            return sourceOf(def.get()).map(s -> s.read(sli, window)).orElseGet(() -> new Reading.Unknown(sli,
                    "SLI '" + sli + "' reads from " + def.get().source().id() + " but the system configures no such telemetry source"));
        }

        @Override
        public Optional<java.time.Duration> covered(String sli, java.time.Duration window) {
            return system.sli(sli).flatMap(this::sourceOf).flatMap(s -> s instanceof SliCoverage c ? c.covered(sli, window) : Optional.empty());
        }

        private Optional<SliSource> sourceOf(SliDefinition def) {
            return def.source() == SliDefinition.Source.PROMETHEUS ? prometheus : proxy;
        }
    }

}
