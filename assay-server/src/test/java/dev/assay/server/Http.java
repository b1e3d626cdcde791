package dev.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON client for the API tests: status and parsed body. */
record Http(URI base, Map<String, String> headers) {
    record Answer(int status, JsonNode body) {
    }

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Answer get(String path) throws Exception {
        return send("GET", path, null, "application/json");
    }

    Answer post(String path, String json) throws Exception {
        return send("POST", path, json, "application/json");
    }

    Answer delete(String path) throws Exception {
        return send("DELETE", path, null, "application/json");
    }

    Answer send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", contentType);
        headers.forEach(b::header);
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), Views.JSON.readTree(r.body().isEmpty() ? "{}" : r.body()));
    }
}
