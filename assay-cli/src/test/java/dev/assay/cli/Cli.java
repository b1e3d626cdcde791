package dev.assay.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code assay} in-process through {@link Assay#execute} and captures both streams. */
record Cli(int exitCode, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Assay.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }
}
