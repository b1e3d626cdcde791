package dev.assay.runner;

import dev.assay.testkit.FreePorts;
import dev.assay.testkit.Jvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Starts {@link LoopbackServiceMain} in a child JVM and waits until it listens. */
final class ChildService implements AutoCloseable {
    final Process process;
    final int port;

    private ChildService(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ChildService start() throws IOException {
        int port = FreePorts.next();
        Process p = new ProcessBuilder(Jvm.javaBinary(), "-XX:TieredStopAtLevel=1", "-cp", Jvm.classPath(), LoopbackServiceMain.class.getName(),
                String.valueOf(port)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith("listening")) throw new IOException("the child service did not start");
        return new ChildService(p, port);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    long pid() {
        return process.pid();
    }

    boolean stopped() {
        return ProcessInjector.stopped(pid());
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder("kill", "-CONT", String.valueOf(pid())).start().waitFor();
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
