package dev.assay.cli;

import dev.assay.format.SystemFormat;
import dev.assay.model.SliDefinition;
import dev.assay.model.SystemConfig;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import dev.assay.telemetry.BudgetStatus;
import dev.assay.telemetry.ErrorBudgets;
import dev.assay.telemetry.TelemetryReports;
import dev.assay.telemetry.SliSources;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code assay slo}: every SLI of a system configuration now, and every SLO's remaining error budget with its
 * multi-window burn rates (the SRE workbook's windows scaled to the SLO's window). A source that cannot be
 * read shows UNKNOWN, never a full budget.
 */
@Command(name = "slo", mixinStandardHelpOptions = true,
        description = {"Show SLIs, error budgets and burn rates of the SLOs in a system configuration (assay.yaml)."})
public final class SloCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--system", required = true, paramLabel = "FILE", description = "The system configuration (assay.yaml).")
    Path system;

    @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        SystemConfig config = SystemFormat.read(system);
        Clock clock = Clock.systemUTC();
        SliSource source = SliSources.forSystem(config, clock);
        List<SliDefinition> slis = config.slis();
        List<Reading> readings = slis.stream().map(s -> source.read(s.name(), Duration.ofMinutes(5))).toList();
        List<BudgetStatus> budgets = config.slos().stream()
                .map(ErrorBudgets.create(source, clock)::status).toList();
        spec.commandLine().getOut().print(format == Format.json
                ? TelemetryReports.budgetsJson(slis, readings, budgets).toPrettyString() + "\n"
                : TelemetryReports.budgets(slis, readings, budgets));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
