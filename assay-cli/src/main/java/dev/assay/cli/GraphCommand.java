package dev.assay.cli;

import dev.assay.format.Graphs;
import dev.assay.format.TopologyFormat;
import dev.assay.model.Topology;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code assay graph}: prints the system's dependency graph. Loading (where the topology comes from) is kept
 * apart from rendering, so further sources (discovered from traces, ...) only add to {@link #load()}.
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Print the system's dependency graph: services, caller->callee edges and journeys.",
                "dot output renders with Graphviz: assay graph --topology F --format dot | dot -Tsvg > graph.svg"})
public final class GraphCommand implements Callable<Integer> {
    enum Format { text, json, dot }

    @Spec
    CommandSpec spec;

    @Option(names = "--topology", required = true, paramLabel = "FILE", description = "The topology file (*.topology.json).")
    Path topology;

    @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). "
            + "json is the complete topology format and reads back unchanged.")
    Format format;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(render(load(), format));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }

    /** The topology to draw. */
    Topology load() {
        return TopologyFormat.read(topology);
    }

    static String render(Topology t, Format format) {
        return switch (format) {
            case text -> Graphs.text(t);
            case json -> TopologyFormat.printJson(t);
            case dot -> Graphs.dot(t);
        };
    }
}
