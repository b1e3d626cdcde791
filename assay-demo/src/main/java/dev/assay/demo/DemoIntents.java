package dev.assay.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The demo's intent files: {@code examples/demo/} in the repository, and a copy bundled in the jar. */
public final class DemoIntents {
    /** The bundled files, in the order the tutorial discusses them. */
    public static final List<String> FILES = List.of(
            "checkout-survives-slow-inventory.intent.yaml",
            "checkout-survives-inventory-errors.intent.yaml",
            "payment-retries-keep-checkout-fast.intent.yaml",
            "payment-retries-absorb-payment-errors.intent.yaml",
            "browse-survives-recommendations-outage.intent.yaml",
            "homepage-renders-without-recommendations.intent.yaml",
            "checkout-survives-email-pause.intent.yaml",
            "checkout-survives-cart-db-outage.intent.yaml",
            "browse-tolerates-slow-catalog.intent.yaml",
            "checkout-tolerates-slow-shipping.intent.yaml",
            "cart-survives-inventory-errors.intent.yaml",
            "assistant-tolerates-slow-first-token.intent.yaml",
            "assistant-survives-llm-rate-limit.intent.yaml",
            "assistant-falls-back-when-llm-overloaded.intent.yaml");
    /** The previous release's topology, against which the stale intent was written. */
    public static final String PREVIOUS_TOPOLOGY = "shop-v1.topology.json";

    private DemoIntents() {
    }

    /** Copies the bundled intents and the previous topology into {@code dir} (created if needed); returns it. */
    public static Path extractTo(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String f : concat(FILES, PREVIOUS_TOPOLOGY)) {
                try (InputStream in = DemoIntents.class.getResourceAsStream("intents/" + f)) {
                    if (in == null) throw new IllegalStateException("bundled demo file " + f + " is missing from the assay-demo jar");
                    Files.write(dir.resolve(f), in.readAllBytes());
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo intents into " + dir, e);
        }
    }

    private static List<String> concat(List<String> a, String b) {
        var all = new java.util.ArrayList<>(a);
        all.add(b);
        return all;
    }
}
