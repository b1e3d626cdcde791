package dev.assay.cli;

import dev.assay.k8s.KubernetesSystem;
import dev.assay.model.InvalidInputException;
import dev.assay.model.SystemConfig;
import dev.assay.runner.ErrorBudget;
import dev.assay.runner.ProcessInjector;
import dev.assay.runner.ToxiproxyInjector;
import dev.assay.spi.Injector;
import dev.assay.spi.SliSource;
import dev.assay.telemetry.ErrorBudgets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds the runner's injectors and error budget from the system configuration. */
final class RunWiring {
    private RunWiring() {
    }

    /** {@code proxy}/{@code toxiproxy}: the fault proxy's REST API at the address; {@code process}: options map services to pid:N|cmd:regex; {@code kubernetes}: Chaos Mesh. */
    static List<Injector> injectors(SystemConfig system, Path leaseDir, Clock clock) {
        List<Injector> out = new ArrayList<>();
        system.injectors().forEach(c -> {
            switch (c.type().toLowerCase(Locale.ROOT)) {
                case "proxy", "toxiproxy" -> out.add(ToxiproxyInjector.create(URI.create(c.address()), clock));
                case "process" -> out.add(ProcessInjector.create(c.options(), leaseDir, clock));
                case "kubernetes" -> {
                    KubernetesSystem.reaper(c, clock).reap(); // a killed run's Chaos Mesh objects whose leases expired
                    out.add(KubernetesSystem.injector(c, system, clock));
                }
                default -> throw new InvalidInputException("system " + system.name() + ": injector type '" + c.type()
                        + "' is not known; use proxy, process or kubernetes (see INJECTORS.md)");
            }
        });
        if (out.isEmpty()) throw new InvalidInputException("system " + system.name() + " configures no injectors; add one under injectors:");
        return out;
    }

    /** The error budget of a journey, through the same {@link ErrorBudgets} as {@code assay slo}. */
    static ErrorBudget budget(SystemConfig system, SliSource slis, Clock clock) {
        ErrorBudgets budgets = ErrorBudgets.create(slis, clock);
        return journey -> budgets.journeyRemaining(system, journey);
    }
}
