package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzz target for the populate file parser ({@code assay proxy --config}): whatever the file holds, the answer
 * is a list of proxies or an {@link InvalidInputException} naming the file, quickly; never another exception.
 * Tries: {@code jqwik.tries.default} (400 in the build; raise it for a longer run, see docs/proxy.md).
 */
class ProxyConfigFuzzTest {
    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("proxy-config-fuzz");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    @Provide
    Arbitrary<String> files() {
        return FuzzInputs.bodies();
    }

    @Property
    void anyFileIsProxiesOrAnInputErrorNamingTheFile(@ForAll("files") String text) throws Exception {
        Path f = dir.resolve("toxiproxy.json");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        var outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return "ok:" + ProxyConfig.read(f).size();
            } catch (InvalidInputException e) {
                return "invalid:" + e.getMessage();
            }
        });
        String r = outcome.get(10, TimeUnit.SECONDS); // a hang fails the property; any other exception propagates
        if (r.startsWith("invalid:")) {
            assertThat(r).contains("toxiproxy.json").doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
