package dev.assay.cli;

import dev.assay.k8s.KubernetesSystem;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Slo;
import dev.assay.model.SystemConfig;
import dev.assay.runner.ErrorBudget;
import dev.assay.runner.ProcessInjector;
import dev.assay.runner.ToxiproxyInjector;
import dev.assay.spi.Injector;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import dev.assay.telemetry.BudgetStatus;
import dev.assay.telemetry.BurnRatePolicy;
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

    /**
     * The error budget of a journey: the smallest remaining budget among the SLOs whose name or SLI names the
     * journey. No such SLO, or one that cannot be read, is Unknown, and the pre-flight gate refuses.
     */
    static ErrorBudget budget(SystemConfig system, SliSource slis, Clock clock) {
        ErrorBudgets budgets = ErrorBudgets.create(slis, BurnRatePolicy.SRE_WORKBOOK, clock);
        return journey -> {
            List<Slo> slos = system.slos().stream().filter(s -> s.name().contains(journey) || s.sli().contains(journey)).toList();
            if (slos.isEmpty()) return new Reading.Unknown("budget." + journey, "no SLO of system " + system.name() + " names journey " + journey);
            double remaining = Double.POSITIVE_INFINITY;
            for (Slo slo : slos) {
                BudgetStatus status = budgets.status(slo);
                if (status instanceof BudgetStatus.Unknown u) return new Reading.Unknown("budget." + journey, "SLO " + slo.name() + ": " + u.reason());
                remaining = Math.min(remaining, ((BudgetStatus.Known) status).remaining());
            }
            return new Reading.Known("budget." + journey, Math.max(0, remaining), slos.size(), clock.instant());
        };
    }
}
