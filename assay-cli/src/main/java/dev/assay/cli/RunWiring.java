package dev.assay.cli;

import dev.assay.belief.Belief;
import dev.assay.belief.EdgeEvidence;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.journal.Journal;
import dev.assay.model.Intent;
import dev.assay.model.Topology;
import dev.assay.planner.Candidate;
import dev.assay.runner.BeliefLearner;
import dev.assay.runner.Campaign;
import dev.assay.runner.CompositeMeasurements;
import dev.assay.runner.CompositeSli;
import dev.assay.runner.Experiment;
import dev.assay.runner.HttpProbe;
import dev.assay.runner.MeasurementSource;
import dev.assay.runner.SliMeasurements;
import dev.assay.telemetry.SliSources;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
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

/**
 * How {@code run} and {@code serve} are wired, the same for both: the injectors and error budget of the system file, where
 * SLIs and measurements are read (the system's sources, probes for the rest), the belief a journal left, and the
 * experiment for a chosen candidate.
 */
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

    /**
     * Waits (at most 30 s; Ctrl-C here exits at once, nothing is injected yet) until every probe has seen a request
     * complete, so the pre-flight reads measurements rather than a probe that has not answered yet; the gate decides either way.
     */
    static void awaitFirstAnswers(List<HttpProbe> probes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (HttpProbe p : probes) {
            while (p.read(p.journey() + ".latency.p95", Duration.ofSeconds(30)) instanceof dev.assay.spi.Reading.Unknown && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * The learner a run goes on with: the journal's latest belief snapshot restored onto this topology (else the
     * priors of {@code evidence} and the intents), its mechanism belief continued from what earlier runs measured.
     */
    static BeliefLearner learner(String journal, Topology topo, List<Intent> list, Map<String, EdgeEvidence> evidence, Clock clock) {
        Optional<String> stored = Optional.empty();
        if (Journals.exists(journal)) {
            try (Journal j = Journals.open(journal)) {
                stored = j.latestBeliefs();
            }
        }
        Belief belief = stored.flatMap(json -> BeliefLearner.restore(json, SystemGraph.of(topo), Priors.of(Map.of(), list), Belief.Settings.DEFAULTS, clock))
                .orElseGet(() -> Belief.create(SystemGraph.of(topo), Priors.of(evidence, list), Belief.Settings.DEFAULTS, clock));
        BeliefLearner learner = BeliefLearner.of(belief, evidence, list, clock); // mechanism priors from traces and declared mechanisms, as plan
        stored.ifPresent(learner::continueFrom);
        return learner;
    }

    /** The experiment for a chosen candidate: its guards (the intent's and the SLOs' burn rates), watched SLIs, recovery SLIs. */
    static Experiment experiment(Candidate c, List<Intent> list, Topology topo, SystemConfig sys, boolean thresholdSearch, double maxBurnRate) {
        Intent intent = list.stream().filter(i -> i.id().equals(c.intent().orElseThrow())).findFirst().orElseThrow();
        List<String> predicted = c.predictedBlastRadius().entrySet().stream().filter(e -> e.getValue() >= 0.5).map(Map.Entry::getKey).toList();
        Set<String> known = new java.util.HashSet<>();
        topo.services().forEach(s -> known.add(s.name()));
        topo.edges().forEach(e -> known.add(e.key()));
        Map<String, List<String>> watched = new java.util.HashMap<>();
        for (var s : topo.services()) {
            List<String> slis = sys.slis().stream().map(d -> d.name()).filter(n -> n.startsWith(s.name() + ".")).toList();
            if (!slis.isEmpty()) watched.put(s.name(), slis);
        }
        Experiment.Mode mode = Experiment.Mode.of(intent, thresholdSearch);
        List<dev.assay.runner.Guard> guards = sys.slos().stream()
                .filter(s -> s.name().contains(intent.targetBehavior()) || s.sli().contains(intent.targetBehavior()))
                .map(s -> dev.assay.runner.Guard.sloBurnRate(s.name(), s.sli(), s.budget(), maxBurnRate)).toList();
        // recovery waits for every journey's SLIs (those the system file names after a journey) to be back within their baseline's spread
        List<String> recovery = sys.slis().stream().map(d -> d.name())
                .filter(n -> topo.journeys().stream().anyMatch(j -> n.startsWith(j.name() + "."))).toList();
        return new Experiment(Campaign.experimentId(intent.id(), Clock.systemUTC()), intent, predicted, 0, mode, guards, known, watched, recovery);
    }

    /** Where a run reads its SLIs and measurements: the system file's sources, and the probes for the rest. */
    record Readings(SliSource sli, MeasurementSource measurements, SliSource system) {
    }

    static Readings readings(SystemConfig sys, List<HttpProbe> started, Clock clock) {
        SliSource systemSlis = SliSources.forSystem(sys, clock);
        // an SLI the system file defines is read from its source, never claimed by a probe whose journey prefixes it
        Set<String> defined = sys.slis().stream().map(d -> d.name()).collect(Collectors.toSet());
        SliSource probed = CompositeSli.of(started.toArray(SliSource[]::new));
        SliSource sli = (name, window) -> defined.contains(name) ? systemSlis.read(name, window)
                : CompositeSli.of(probed, systemSlis).read(name, window);
        MeasurementSource ms = new ProbeOrSystem(defined, CompositeMeasurements.of(List.copyOf(started)), SliMeasurements.of(systemSlis, clock));
        return new Readings(sli, CompositeMeasurements.of(List.of(ms)), systemSlis);
    }

    /** Measurements of SLIs the system file defines come from the system; the probes measure only the rest. */
    record ProbeOrSystem(Set<String> defined, MeasurementSource probes, MeasurementSource system) implements MeasurementSource {
        @Override
        public Optional<dev.assay.verdict.Measurement> measure(String sli, java.time.Instant from, java.time.Instant to) {
            return defined.contains(sli) ? system.measure(sli, from, to) : probes.measure(sli, from, to).or(() -> system.measure(sli, from, to));
        }

        @Override
        public Optional<Cohorts> cohorts(String sli, java.time.Instant from, java.time.Instant to) {
            return defined.contains(sli) ? system.cohorts(sli, from, to) : probes.cohorts(sli, from, to);
        }
    }
}
