package dev.assay.cli;

import dev.assay.format.IntentFormat;
import dev.assay.format.TopologyFormat;
import dev.assay.k8s.ClusterDiscovery;
import dev.assay.k8s.ServiceRef;
import dev.assay.model.TelemetrySourceConfig;
import dev.assay.telemetry.GraphDiscovery;
import dev.assay.telemetry.GraphSnapshot;
import dev.assay.format.SystemFormat;
import dev.assay.k8s.KubernetesClients;
import dev.assay.k8s.KubernetesSystem;
import dev.assay.k8s.Manifests;
import dev.assay.k8s.Reaper;
import dev.assay.model.InjectorConfig;
import dev.assay.model.Intent;
import dev.assay.model.InvalidInputException;
import dev.assay.model.SystemConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay k8s}: Assay on Kubernetes through Chaos Mesh — manifests to run it in a cluster, the lease reaper, intent checks. */
@Command(name = "k8s", mixinStandardHelpOptions = true,
        description = {"Kubernetes: discover the graph from the cluster and traces, print manifests, reap expired Chaos Mesh objects, check intents against the Chaos Mesh mapping."},
        subcommands = {K8sCommand.GraphK8sCommand.class, K8sCommand.ManifestsCommand.class, K8sCommand.ReapCommand.class, K8sCommand.CheckCommand.class})
public final class K8sCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "graph", mixinStandardHelpOptions = true,
            description = "Print the topology (JSON): services from the cluster's Services/Deployments (kind: kubernetes sources), edges from traces and mesh metrics (prometheus sources with mesh:).")
    static final class GraphK8sCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--system", required = true, paramLabel = "FILE", description = "The system configuration (assay.yaml).")
        Path system;

        @Option(names = "--for", paramLabel = "DURATION", converter = Durations.class,
                description = "Also receive OTLP on the system's otlp source for this long.")
        Optional<java.time.Duration> listenFor;

        @Override
        public Integer call() {
            SystemConfig sys = SystemFormat.read(system);
            List<TelemetrySourceConfig> k8s = sys.telemetry().stream().filter(t -> t.kind() == TelemetrySourceConfig.Kind.KUBERNETES).toList();
            if (k8s.isEmpty()) throw new InvalidInputException(system + ": no telemetry source of kind kubernetes; add one (see README, Kubernetes)");
            List<ServiceRef> services = new ArrayList<>();
            for (TelemetrySourceConfig t : k8s) services.addAll(KubernetesSystem.services(t).list());
            // mesh workloads (prometheus sources with mesh:) are named as the cluster names their Deployments/Services
            GraphSnapshot traces = GraphDiscovery.create(Clock.systemUTC()).workloadNames(KubernetesSystem.workloadNames(sys))
                    .system(sys, listenFor).run().snapshot();
            ClusterDiscovery.Result r = ClusterDiscovery.merge(sys.name(), services, traces, sys.journeys());
            PrintWriter out = spec.commandLine().getOut();
            out.print(TopologyFormat.printJson(r.topology()));
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            if (!r.clusterOnly().isEmpty()) err.println("in the cluster, not yet in any trace: " + String.join(", ", r.clusterOnly()));
            if (!r.tracesOnly().isEmpty()) err.println("in traces, not in the cluster's namespaces: " + String.join(", ", r.tracesOnly()));
            err.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "manifests", mixinStandardHelpOptions = true,
            description = "Print the ServiceAccount, least-privilege ClusterRole and RoleBindings, ConfigMap (assay.yaml), token Secret, Deployment and Service for assay serve.")
    static final class ManifestsCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--namespace", defaultValue = "assay", description = "Where Assay runs (default: ${DEFAULT-VALUE}).")
        String namespace;

        @Option(names = "--target-namespace", required = true, paramLabel = "NS", description = "A namespace Assay may fault (repeatable).")
        List<String> targets;

        @Option(names = "--image", defaultValue = "assay:0.1.0", description = "The image (see the Dockerfile; default: ${DEFAULT-VALUE}).")
        String image;

        @Option(names = "--system", paramLabel = "FILE", description = "The assay.yaml to put in the ConfigMap (checked first); default: a kubernetes one.")
        Optional<Path> system;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = "The API's bearer token for the Secret (one line, at least 16 characters); default: a fresh random one.")
        Optional<Path> tokenFile;

        @Override
        public Integer call() {
            String token = tokenFile.map(p -> {
                try {
                    return Files.readString(p).strip();
                } catch (IOException e) {
                    throw new InvalidInputException("--token-file " + p + ": cannot read it (" + e.getMessage() + ")");
                }
            }).orElseGet(Manifests::randomToken);
            String yaml = system.map(p -> {
                SystemFormat.read(p); // refuse to ship a configuration that does not parse
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).orElseGet(() -> Manifests.defaultSystemYaml(targets));
            PrintWriter out = spec.commandLine().getOut();
            out.print(Manifests.yaml(new Manifests.Settings(namespace, image, targets, yaml, token)));
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("the API token is in Secret " + namespace + "/assay-token: kubectl -n " + namespace
                    + " get secret assay-token -o jsonpath='{.data.token}' | base64 -d");
            err.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "reap", mixinStandardHelpOptions = true,
            description = "Delete Assay's Chaos Mesh objects whose lease has expired (what a killed run leaves behind).")
    static final class ReapCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--system", paramLabel = "FILE", description = "Reap in the namespaces of every kubernetes injector of this assay.yaml.")
        Optional<Path> system;

        @Option(names = "--server", paramLabel = "URL", description = "Or: the API server URL (default: the kubeconfig's).")
        Optional<String> server;

        @Option(names = "--context", description = "The kubeconfig context.")
        Optional<String> context;

        @Option(names = "--namespace", paramLabel = "NS", description = "With --server/--context: a namespace to reap in (repeatable).")
        List<String> namespaces = new ArrayList<>();

        @Override
        public Integer call() {
            Clock clock = Clock.systemUTC();
            List<Reaper> reapers = new ArrayList<>();
            if (system.isPresent()) {
                SystemConfig sys = SystemFormat.read(system.get());
                for (InjectorConfig c : sys.injectors()) if (c.type().equals("kubernetes")) reapers.add(KubernetesSystem.reaper(c, clock));
                if (reapers.isEmpty()) throw new InvalidInputException(system.get() + ": no injector of type kubernetes; nothing to reap");
            } else {
                if (namespaces.isEmpty()) throw new InvalidInputException("give --system FILE, or --namespace NS (with --server URL or --context)");
                Map<String, String> options = context.map(c -> Map.of("context", c)).orElse(Map.of());
                reapers.add(Reaper.create(KubernetesClients.create(server.orElse("kubeconfig"), options), namespaces, clock));
            }
            PrintWriter out = spec.commandLine().getOut();
            int n = 0;
            for (Reaper r : reapers) {
                for (Reaper.Reaped x : r.reap()) {
                    out.println("deleted " + x.kind() + " " + x.namespace() + "/" + x.name() + " (lease " + x.leaseId() + ": " + x.reason() + ")");
                    n++;
                }
            }
            out.println(n + " expired object(s) deleted");
            out.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check that every intent's fault maps to a Chaos Mesh object (type, scope, magnitudes), without the cluster.")
    static final class CheckCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--system", required = true, paramLabel = "FILE", description = "The system configuration (assay.yaml).")
        Path system;

        @Parameters(arity = "1..*", paramLabel = "INTENT", description = "Intent files.")
        List<Path> intents;

        @Override
        public Integer call() {
            SystemConfig sys = SystemFormat.read(system);
            List<String> problems = new ArrayList<>();
            for (Path p : intents) {
                for (Intent i : IntentFormat.read(p, Optional.empty())) KubernetesSystem.check(i, sys).ifPresent(r -> problems.add(p + ": " + r));
            }
            if (!problems.isEmpty()) throw new InvalidInputException(String.join("\n", problems));
            spec.commandLine().getOut().println("every intent maps to Chaos Mesh");
            spec.commandLine().getOut().flush();
            return ExitCode.OK;
        }
    }
}
