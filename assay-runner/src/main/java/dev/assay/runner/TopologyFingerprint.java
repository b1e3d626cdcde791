package dev.assay.runner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

/**
 * A short, stable name for the topology an experiment ran on: the first 12 hex digits of SHA-256 over the sorted
 * services and {@code caller->callee} edges the model knew. Two experiments with the same fingerprint saw the same
 * system, so a verdict that changed between them is flaky, not drift.
 */
public final class TopologyFingerprint {
    private TopologyFingerprint() {
    }

    public static String of(Set<String> known) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.join("\n", new TreeSet<>(known)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
