package dev.assay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.format.Graphs;
import dev.assay.format.SystemFormat;
import dev.assay.format.TopologyFormat;
import dev.assay.format.Urls;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Journey;
import dev.assay.model.SystemConfig;
import dev.assay.model.Topology;
import dev.assay.telemetry.Drift;
import dev.assay.telemetry.GraphDiscovery;
import dev.assay.telemetry.GraphSnapshot;
import dev.assay.telemetry.TelemetryReports;
import dev.assay.telemetry.SnapshotJson;
import dev.assay.telemetry.StaleIntents;
import dev.assay.telemetry.TelemetryUnavailableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code assay graph}: prints the system's dependency graph, from a topology file or discovered from live
 * telemetry (Zipkin, Jaeger, an OTLP/JSON file, OTLP received for a while, a system configuration's sources),
 * optionally writing a snapshot or diffing against one. Loading is kept apart from rendering.
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Print the system's dependency graph: services, caller->callee edges and journeys.",
                "From a topology file (--topology) or discovered from telemetry (--zipkin, --jaeger, --otlp-file, --listen-otlp, --system).",
                "dot output renders with Graphviz: assay graph --topology F --format dot | dot -Tsvg > graph.svg"})
public final class GraphCommand implements Callable<Integer> {
    enum Format { text, json, dot }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--topology", paramLabel = "FILE", description = "The topology file (*.topology.json).")
    Path topology;

    @Option(names = "--zipkin", paramLabel = "URL", description = "Discover from a Zipkin server's v2 API, e.g. http://127.0.0.1:9411.")
    URI zipkin;

    @Option(names = "--jaeger", paramLabel = "URL", description = "Discover from a Jaeger query API, e.g. http://127.0.0.1:16686.")
    URI jaeger;

    @Option(names = "--otlp-file", paramLabel = "FILE", description = "Discover from an OTLP/JSON file (ExportTraceServiceRequests, one per line).")
    Path otlpFile;

    @Option(names = "--system", paramLabel = "FILE", description = "A system configuration (assay.yaml): its telemetry sources and journeys.")
    Path system;

    @Option(names = "--listen-otlp", paramLabel = "HOST:PORT", description = "Receive OTLP/HTTP traces on HOST:PORT (POST /v1/traces) for --for.")
    String listenOtlp;

    @Option(names = "--for", paramLabel = "DURATION", description = "How long to listen with --listen-otlp, e.g. 30s, 5m (default: 30s).")
    String listenFor;

    @Option(names = "--lookback", paramLabel = "DURATION", defaultValue = "1h", description = "How far back to read traces from Zipkin/Jaeger (default: ${DEFAULT-VALUE}).")
    String lookback;

    @Option(names = "--snapshot-out", paramLabel = "FILE", description = "Write the discovered graph, with its live figures, as a snapshot file.")
    Path snapshotOut;

    @Option(names = "--diff", paramLabel = "SNAPSHOT", description = "Print the drift since SNAPSHOT (a file written with --snapshot-out) instead of the graph.")
    Path diff;

    @Option(names = "--intents", paramLabel = "PATH", description = "With --diff: intent files (or a directory of them) to check for staleness.")
    Path intents;

    @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). "
            + "json of a topology file is the complete topology format; of a discovered graph it adds \"observed\": per-edge figures.")
    Format format;

    @Override
    public Integer call() throws IOException {
        try {
            return graph();
        } catch (TelemetryUnavailableException e) {
            // The user's configuration names a source that is not there: input to fix, not an Assay failure.
            Optional<String> where = Optional.ofNullable(system).flatMap(f -> e.url().flatMap(u -> SystemFormat.whereIs(f, u)));
            throw new InvalidInputException(e.getMessage() + "\n" + where.map(w -> "the source is configured at " + w + "; ").orElse("")
                    + "start the server, or fix its URL" + (where.isPresent() ? "" : " (the --zipkin/--jaeger flag)") + ", then re-run");
        }
    }

    private int graph() throws IOException {
        if (zipkin != null) Urls.parse("--zipkin", zipkin.toString());
        if (jaeger != null) Urls.parse("--jaeger", jaeger.toString());
        Optional<SystemConfig> sys = Optional.ofNullable(system).map(SystemFormat::read);
        GraphDiscovery discovery = discovery(sys);
        if (topology == null && !discovery.hasSources()) {
            throw new InvalidInputException("assay graph needs a source: --topology FILE, or --zipkin URL, --jaeger URL, --otlp-file FILE, "
                    + "--listen-otlp HOST:PORT, --system assay.yaml (with telemetry sources)");
        }
        if (topology != null && discovery.hasSources()) {
            throw new InvalidInputException("--topology reads a file; it cannot be combined with discovery sources (--zipkin, --jaeger, ...)");
        }
        if (topology != null) {
            if (diff != null || snapshotOut != null) throw new InvalidInputException("--diff and --snapshot-out work on a discovered graph, not --topology");
            print(render(TopologyFormat.read(topology), format));
            return ExitCode.OK;
        }
        GraphSnapshot snapshot = discovery.run().snapshot();
        if (snapshotOut != null) SnapshotJson.write(snapshot, snapshotOut);
        if (diff != null) {
            Drift drift = Drift.between(SnapshotJson.read(diff), snapshot);
            List<StaleIntents.Stale> stale = intents == null ? List.of() : StaleIntents.find(IntentFiles.read(intents, Optional.empty()), drift, snapshot);
            print(format == Format.json ? TelemetryReports.driftJson(drift, stale).toPrettyString() + "\n" : TelemetryReports.drift(drift, stale));
            return ExitCode.OK;
        }
        List<Journey> declared = sys.map(SystemConfig::journeys).orElse(List.of());
        Topology t = snapshot.toTopology(sys.map(SystemConfig::name).orElse("discovered"), declared);
        print(switch (format) {
            case json -> {
                ObjectNode root = (ObjectNode) JSON.readTree(TopologyFormat.printJson(t));
                root.set("observed", SnapshotJson.toNode(snapshot));
                yield root.toPrettyString() + "\n";
            }
            case text -> Graphs.text(t) + TelemetryReports.edgeFigures(snapshot);
            case dot -> Graphs.dot(t);
        });
        return ExitCode.OK;
    }

    private GraphDiscovery discovery(Optional<SystemConfig> sys) {
        GraphDiscovery d = GraphDiscovery.create(Clock.systemUTC()).lookback(duration("--lookback", lookback), 1000);
        if (zipkin != null) d.zipkin(zipkin);
        if (jaeger != null) d.jaeger(jaeger);
        if (otlpFile != null) d.otlpFile(otlpFile);
        Optional<Duration> forDuration = Optional.ofNullable(listenFor).map(v -> duration("--for", v));
        if (listenOtlp != null) d.listenOtlp(hostPort(listenOtlp), forDuration.orElse(Duration.ofSeconds(30)));
        else if (listenFor != null && sys.isEmpty()) throw new InvalidInputException("--for goes with --listen-otlp HOST:PORT");
        sys.ifPresent(s -> d.workloadNames(dev.assay.k8s.KubernetesSystem.workloadNames(s)).system(s, listenOtlp == null ? forDuration : Optional.empty()));
        return d;
    }

    private void print(String s) {
        spec.commandLine().getOut().print(s);
        spec.commandLine().getOut().flush();
    }

    static Duration duration(String flag, String text) {
        Optional<dev.assay.model.Quantity> read;
        try {
            read = dev.assay.model.Quantities.parse(text);
        } catch (IllegalArgumentException tooLarge) {
            read = Optional.empty();
        }
        return read
                .filter(q -> q.unit() == dev.assay.model.Quantity.Unit.MILLISECONDS && q.value() > 0)
                .map(dev.assay.model.Quantity::duration)
                .orElseThrow(() -> new InvalidInputException(flag + ": expected a duration such as 30s, 5m or 1h, got '" + text + "'"));
    }

    static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        try {
            if (colon <= 0) throw new NumberFormatException();
            return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--listen-otlp: expected HOST:PORT such as 127.0.0.1:4318, got '" + text + "'");
        }
    }


    static String render(Topology t, Format format) {
        return switch (format) {
            case text -> Graphs.text(t);
            case json -> TopologyFormat.printJson(t);
            case dot -> Graphs.dot(t);
        };
    }
}
