package dev.assay.it;

import dev.assay.cli.Assay;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One {@code assay} command line, run in-process as a user would type it; both streams captured. */
record Cli(int exitCode, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Assay.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
