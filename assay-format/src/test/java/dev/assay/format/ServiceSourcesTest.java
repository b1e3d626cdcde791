package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.model.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSourcesTest {
    @TempDir
    Path dir;

    @Test
    void composeServicesAreReachedOnTheirPublishedHostPort() throws Exception {
        Path f = Files.writeString(dir.resolve("docker-compose.yml"), """
                version: '3'
                services:
                    web:
                        image: ${REGISTRY}/web
                        ports: ["8080:80"]
                        depends_on: [api]
                    api:
                        ports:
                            - "127.0.0.1:5001:5000"
                        depends_on:
                            db: {condition: service_healthy}
                    db:
                        ports: ["5432"]
                """);
        List<ServiceSources.Declared> s = ServiceSources.read(f);
        assertThat(s).extracting(ServiceSources.Declared::name).containsExactly("web", "api", "db");
        assertThat(s.get(0).address().orElseThrow().address()).isEqualTo("127.0.0.1:8080");
        assertThat(s.get(0).dependsOn()).containsExactly("api");
        assertThat(s.get(1).address().orElseThrow().address()).isEqualTo("127.0.0.1:5001");
        assertThat(s.get(1).dependsOn()).containsExactly("db");
        assertThat(s.get(2).address()).isEmpty();
    }

    @Test
    void aMapOfServiceToAddressIsReadToo() throws Exception {
        Path f = Files.writeString(dir.resolve("services.json"), "{\"cart\": \"10.0.0.5:8080\", \"email\": \"localhost:25\"}");
        assertThat(ServiceSources.read(f)).extracting(d -> d.address().orElseThrow().address()).containsExactly("10.0.0.5:8080", "localhost:25");
    }

    @Test
    void badAddressesAndPortsAreReportedWithTheirPosition() throws Exception {
        Path f = Files.writeString(dir.resolve("services.json"), "{\"cart\": \"10.0.0.5\",\n \"email\": \"localhost:99999\"}");
        assertThatThrownBy(() -> ServiceSources.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("services.json:1:").hasMessageContaining("services.json:2:").hasMessageContaining("host:port");
        Path c = Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web:\n    ports: [\"${PORT}:80\"]\n");
        assertThatThrownBy(() -> ServiceSources.read(c)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("docker-compose.yml:3:").hasMessageContaining("--service web=HOST:PORT");
    }

    @Test
    void theThirdPartyComposeFilesRead() {
        Path mailchimp = corpus().resolve("mailchimp/docker-compose.yml");
        assertThat(ServiceSources.read(mailchimp)).extracting(d -> d.name() + "=" + d.address().map(a -> a.address()).orElse(""))
                .containsExactly("load-balancer=127.0.0.1:5000", "app-server=127.0.0.1:5001", "requestmapper=127.0.0.1:5002",
                        "db-primary=127.0.0.1:5003", "db-secondary=127.0.0.1:5004");
    }

    /** The shared corpus: {@code shared/thirdparty} beside the clone (or beside one of its parent folders). */
    private static Path corpus() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/thirdparty/filibuster-corpus");
            if (Files.isDirectory(c)) return c;
        }
        throw new AssertionError("shared/thirdparty/filibuster-corpus not found beside the clone or its parents");
    }
}
