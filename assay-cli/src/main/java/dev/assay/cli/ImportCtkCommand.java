package dev.assay.cli;

import dev.assay.format.CtkImport;
import dev.assay.format.IntentFormat;
import dev.assay.format.Problems;
import dev.assay.format.TopologyFormat;
import dev.assay.model.Problem;
import dev.assay.model.Topology;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay import ctk}: a Chaos Toolkit experiment to an intent; what cannot be mapped is reported on stderr. */
@Command(name = "ctk", mixinStandardHelpOptions = true,
        description = {"Import a Chaos Toolkit experiment (JSON or YAML) as an intent (YAML).",
                "title/description -> hypothesis; steady-state probes with tolerances -> expect; the first fault action of the",
                "method (chaostoolkit-toxiproxy toxics, disable_proxy) -> fault. Everything else is listed as a warning on stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:imported (warnings may list what was not carried over)", "2:not an experiment, no mappable fault, or the intent does not fit --topology"})
public final class ImportCtkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The Chaos Toolkit experiment (experiment.json or .yaml).")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write the intent here (e.g. my.intent.yaml) instead of stdout.")
    Path output;

    @Option(names = "--target-behavior", paramLabel = "NAME", description = "The journey or service the intent is about (default: the host the steady-state probe calls).")
    String targetBehavior;

    @Option(names = "--topology", paramLabel = "FILE", description = "Also check the imported intent's names against this topology.")
    Path topology;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CtkImport.Result result = CtkImport.read(file, Optional.ofNullable(targetBehavior));
        for (Problem w : result.warnings()) err.println("warning: " + w.render());
        String yaml = "# Imported from " + file.getFileName() + " by 'assay import ctk' (" + result.warnings().size()
                + " warnings: what was not carried over). Review, then: assay validate --topology FILE this.intent.yaml\n"
                + IntentFormat.print(result.intent());
        int code = ExitCode.OK;
        if (topology != null) {
            Topology system = TopologyFormat.read(topology);
            String name = output != null ? output.toString() : "imported.intent.yaml";
            Problems problems = Problems.in(name);
            IntentFormat.parse(yaml, Optional.of(system), problems);
            problems.list().forEach(p -> err.println(p.render()));
            if (!problems.isEmpty()) code = ExitCode.INVALID_INPUT;
        }
        if (output != null) {
            try {
                Files.writeString(output, yaml, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + output, e);
            }
            err.println("wrote " + output + " (" + result.warnings().size() + " warnings above)");
        } else {
            out.print(yaml);
        }
        out.flush();
        err.flush();
        return code;
    }
}
