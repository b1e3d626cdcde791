package dev.assay.cli;

import dev.assay.belief.Belief;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.format.IncidentFormat;
import dev.assay.format.TopologyFormat;
import dev.assay.journal.Journal;
import dev.assay.model.Incident;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Problem;
import dev.assay.model.Topology;
import dev.assay.runner.BeliefLearner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay incident add|list|resolve}: a postmortem's facts, journaled and taught to the belief. See docs/incidents.md. */
@Command(name = "incident", mixinStandardHelpOptions = true,
        description = {"Record what a real incident showed (the service that failed first, the fault class, the magnitude if known,",
                "what degraded, when), validated like an intent; the belief learns from it (weaker than from an experiment),",
                "and reports show which findings came from incidents. Continuous mode freezes while an incident is open."},
        subcommands = {IncidentCommand.Add.class, IncidentCommand.ListIncidents.class, IncidentCommand.Resolve.class})
public final class IncidentCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Journal an incident from flags or --file incident.yaml and teach the belief.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--journal", defaultValue = Journals.DEFAULT, paramLabel = "PATH|URL", description = Journals.HELP)
        String journal;
        @Option(names = "--file", paramLabel = "FILE", description = "An incident file (kind: Incident, schema/incident.schema.json).")
        Path file;
        @Option(names = "--id", description = "The incident's id (default: INC- and the start time).")
        String id;
        @Option(names = "--service", description = "The service that failed first.")
        String service;
        @Option(names = "--fault-class", paramLabel = "CLASS", description = "latency, errors or unavailability.")
        String faultClass;
        @Option(names = "--magnitude", description = "If known: added latency (800ms, 2s), or the share of traffic affected (30%%).")
        String magnitude;
        @Option(names = "--degraded", split = ",", paramLabel = "NAME", description = "Journeys and services that degraded, comma-separated.")
        List<String> degraded = List.of();
        @Option(names = "--at", paramLabel = "TIME", description = "When it began, ISO-8601 UTC (default: now).")
        String at;
        @Option(names = "--resolved-at", paramLabel = "TIME", description = "When it was over (leave out while it is open).")
        String resolvedAt;
        @Option(names = "--summary", description = "One line for people.")
        String summary;
        @Option(names = "--topology", paramLabel = "FILE", description = "Check names against, and learn on, this topology "
                + "(default: the topology of the journal's latest belief snapshot).")
        Path topology;

        @Override
        public Integer call() {
            Clock clock = Clock.systemUTC();
            try (Journal j = Journals.open(journal)) {
                Optional<BeliefLearner> stored = j.latestBeliefs().flatMap(json -> BeliefLearner.restore(json, clock));
                Optional<Topology> model = topology != null ? Optional.of(TopologyFormat.read(topology))
                        : stored.map(l -> l.snapshot().graph().topology());
                Incident incident = file != null ? IncidentFormat.read(file, model) : fromFlags(model, clock);
                if (j.incidents().stream().anyMatch(i -> i.id().equals(incident.id()))) {
                    throw new InvalidInputException("incident " + incident.id() + " is already in the journal " + j.location()
                            + "; give this one another id (--id or metadata.id), or `assay incident resolve " + incident.id() + "`");
                }
                j.recordIncident(incident);
                var out = spec.commandLine().getOut();
                out.println("journaled incident " + incident.id() + " (" + incident.service() + ", "
                        + incident.faultClass().name().toLowerCase(Locale.ROOT) + (incident.open() ? ", open" : ", resolved") + ") in " + j.location());
                Optional<BeliefLearner> learner = topology != null
                        ? Optional.of(stored.filter(l -> l.snapshot().graph().topology().equals(model.get()))
                                .orElseGet(() -> BeliefLearner.of(Belief.create(SystemGraph.of(model.get()), Priors.of(Map.of(), List.of()),
                                        Belief.Settings.DEFAULTS, clock), clock)))
                        : stored;
                if (learner.isEmpty()) {
                    out.println("the belief is not updated: the journal has no belief snapshot yet; pass --topology FILE to learn on a model");
                } else {
                    double bits = learner.get().observeIncident(incident);
                    j.recordBeliefs("incident:" + incident.id(), learner.get().snapshotJson(), clock.instant());
                    out.printf(Locale.ROOT, "the belief learned %.3f bits from it (an incident counts less than an experiment)%n", bits);
                }
                out.flush();
            }
            return ExitCode.OK;
        }

        private Incident fromFlags(Optional<Topology> model, Clock clock) {
            if (service == null || faultClass == null) {
                throw new InvalidInputException("assay incident add needs --service and --fault-class (or --file incident.yaml); "
                        + "e.g. --service inventory --fault-class latency --magnitude 800ms --degraded checkout");
            }
            String start = at != null ? at : clock.instant().toString();
            String yaml = "apiVersion: assay/v1\nkind: Incident\nmetadata:\n  id: " + quote(id != null ? id : "INC-" + start.replaceAll("[^0-9T]", ""))
                    + "\nspec:\n  service: " + quote(service) + "\n  faultClass: " + quote(faultClass)
                    + (magnitude != null ? "\n  magnitude: " + quote(magnitude) : "")
                    + "\n  degraded: [" + String.join(", ", degraded.stream().map(IncidentCommand::quote).toList()) + "]"
                    + "\n  at: " + quote(start) + (resolvedAt != null ? "\n  resolvedAt: " + quote(resolvedAt) : "")
                    + (summary != null ? "\n  summary: " + quote(summary) : "") + "\n";
            try {
                return IncidentFormat.parse("command line", yaml, model);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(String.join("\n", e.problems().stream().map(Add::asFlag).toList()));
            }
        }

        /** A problem of the flags' document, in the flags' words: {@code --magnitude: ...}. */
        private static String asFlag(Problem p) {
            String field = p.field().replaceFirst("^spec\\.", "").replaceFirst("^metadata\\.", "").replaceAll("\\[\\d+]$", "");
            String flag = switch (field) {
                case "faultClass" -> "--fault-class";
                case "resolvedAt" -> "--resolved-at";
                default -> "--" + field;
            };
            return "command line: " + flag + ": " + p.message();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The journal's incidents, oldest first (open ones marked).")
    static final class ListIncidents implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--journal", defaultValue = Journals.DEFAULT, paramLabel = "PATH|URL", description = Journals.HELP)
        String journal;
        @Option(names = "--json", description = "JSON instead of text.")
        boolean json;

        @Override
        public Integer call() {
            if (!Journals.exists(journal)) throw new InvalidInputException("no journal at " + journal + "; pass --journal PATH|URL");
            try (Journal j = Journals.open(journal)) {
                spec.commandLine().getOut().print(json ? IncidentText.json(j.incidents()) : IncidentText.text(j.incidents()));
                spec.commandLine().getOut().flush();
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true, description = "Mark an open incident resolved (continuous mode resumes).")
    static final class Resolve implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--journal", defaultValue = Journals.DEFAULT, paramLabel = "PATH|URL", description = Journals.HELP)
        String journal;
        @Option(names = "--at", paramLabel = "TIME", description = "When it was over, ISO-8601 UTC (default: now).")
        String at;
        @Parameters(paramLabel = "ID", description = "The incident's id.")
        String incidentId;

        @Override
        public Integer call() {
            Instant when;
            try {
                when = at == null ? Instant.now() : Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("--at: cannot read '" + at + "' as a time; write ISO-8601 UTC such as 2026-11-20T14:40:00Z");
            }
            try (Journal j = Journals.open(journal)) {
                if (!j.resolveIncident(incidentId, when)) {
                    throw new InvalidInputException("no open incident " + incidentId + " in the journal " + j.location()
                            + "; `assay incident list` shows the incidents and which are open");
                }
                spec.commandLine().getOut().println("resolved incident " + incidentId + " at " + when);
                spec.commandLine().getOut().flush();
            }
            return ExitCode.OK;
        }
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
