package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The system configuration ({@code assay.yaml}, {@code kind: System}): where telemetry comes from, the
 * journeys that matter (entry service, route, weight; {@code uses} empty means "as discovered"), the SLIs
 * and the SLOs over them, the injectors, the safety defaults every intent starts from, and the {@code schedule}
 * of continuous mode ({@link ScheduleConfig#NONE} when the file has none).
 */
public record SystemConfig(String name, List<TelemetrySourceConfig> telemetry, List<Journey> journeys,
                           List<SliDefinition> slis, List<Slo> slos, List<InjectorConfig> injectors, Safety defaultSafety,
                           ScheduleConfig schedule) {
    public SystemConfig {
        requireNonNull(name, "name");
        requireNonNull(defaultSafety, "defaultSafety");
        requireNonNull(schedule, "schedule");
        telemetry = List.copyOf(telemetry);
        journeys = List.copyOf(journeys);
        slis = List.copyOf(slis);
        slos = List.copyOf(slos);
        injectors = List.copyOf(injectors);
        Set<String> sliNames = new HashSet<>();
        for (SliDefinition s : slis) {
            if (!sliNames.add(s.name())) throw new IllegalArgumentException("duplicate SLI '" + s.name() + "'");
        }
        for (Slo o : slos) {
            SliDefinition sli = slis.stream().filter(s -> s.name().equals(o.sli())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("SLO '" + o.name() + "': unknown SLI '" + o.sli() + "'"));
            if (sli.kind() != SliDefinition.Kind.ERROR_RATIO) {
                throw new IllegalArgumentException("SLO '" + o.name() + "': SLI '" + o.sli() + "' is not an error ratio");
            }
        }
    }

    /** Without a schedule (continuous mode takes {@code assay serve}'s defaults and flags). */
    public SystemConfig(String name, List<TelemetrySourceConfig> telemetry, List<Journey> journeys, List<SliDefinition> slis, List<Slo> slos,
                        List<InjectorConfig> injectors, Safety defaultSafety) {
        this(name, telemetry, journeys, slis, slos, injectors, defaultSafety, ScheduleConfig.NONE);
    }

    public Optional<SliDefinition> sli(String name) {
        return slis.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The first telemetry source of a kind, if configured. */
    public Optional<TelemetrySourceConfig> source(TelemetrySourceConfig.Kind kind) {
        return telemetry.stream().filter(t -> t.kind() == kind).findFirst();
    }
}
