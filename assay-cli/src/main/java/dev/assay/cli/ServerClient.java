package dev.assay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.model.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --server URL} of the commands that can act through {@code assay serve}, and the client they use. A refusal
 * of the server (its {@code {error, where, hint}}) becomes an invalid-input error: exit 2 with the server's words.
 */
final class ServerClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The picocli options; {@link #client()} is empty without {@code --server}. */
    static final class Options {
        @Option(names = "--server", paramLabel = "URL", description = "Act through a running `assay serve` at URL (e.g. http://127.0.0.1:7474).")
        URI server;

        @Option(names = "--token", paramLabel = "T", description = "The server's bearer token (default: ASSAY_TOKEN).")
        String token;

        Optional<ServerClient> client() {
            if (server == null) return Optional.empty();
            if (server.getScheme() == null || !server.getScheme().startsWith("http") || server.getHost() == null) {
                throw new InvalidInputException("--server must be an http(s) URL such as http://127.0.0.1:7474, was '" + server + "'");
            }
            return Optional.of(new ServerClient(server, Optional.ofNullable(token).or(() -> Optional.ofNullable(System.getenv("ASSAY_TOKEN")))
                    .filter(t -> !t.isEmpty())));
        }
    }

    private final URI base;
    private final Optional<String> token;

    private ServerClient(URI base, Optional<String> token) {
        this.base = base;
        this.token = token;
    }

    JsonNode get(String path) {
        return send("GET", path, Optional.empty());
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, Optional.of(body));
    }

    JsonNode delete(String path) {
        return send("DELETE", path, Optional.empty());
    }

    private JsonNode send(String method, String path, Optional<JsonNode> body) {
        URI uri = base.resolve(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body.map(n -> HttpRequest.BodyPublishers.ofString(n.toString())).orElse(HttpRequest.BodyPublishers.noBody()));
        body.ifPresent(n -> b.header("Content-Type", "application/json"));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        HttpResponse<String> r;
        try {
            r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new InvalidInputException("cannot reach assay serve at " + base + " (" + e + "); start it with `assay serve --system assay.yaml"
                    + " --intents DIR`, or check --server");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidInputException("interrupted while calling " + uri);
        }
        JsonNode n;
        try {
            n = JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
        } catch (IOException e) {
            throw new InvalidInputException(uri + " did not answer JSON (HTTP " + r.statusCode() + "); is --server an assay serve?");
        }
        if (r.statusCode() >= 300) {
            throw new InvalidInputException("assay serve at " + base + " refused " + method + " " + path + " (HTTP " + r.statusCode() + "): "
                    + n.path("error").asText("") + (n.path("where").asText("").isEmpty() ? "" : " [at " + n.path("where").asText() + "]")
                    + (n.path("hint").asText("").isEmpty() ? "" : "; " + n.path("hint").asText()));
        }
        return n;
    }

    static String pretty(JsonNode n) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
