package dev.assay.testkit;

import java.nio.file.Path;

/**
 * The java binary of the JVM running the tests. Use it to start child JVMs (Zipkin, a killed controller):
 * the {@code java} on PATH may be older than the JDK the build selected.
 */
public final class Jvm {
    private Jvm() {
    }

    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The test class path, for starting a child JVM that runs a main class of this project. */
    public static String classPath() {
        return System.getProperty("java.class.path");
    }
}
