package dev.assay.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs of JSON and text from telemetry backends; every failure becomes {@link TelemetryUnavailableException}. */
final class HttpJson {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private HttpJson() {
    }

    static JsonNode get(URI uri) {
        String body = text(uri);
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new TelemetryUnavailableException(uri + " answered something that is not JSON: " + e.getMessage(), uri.toString(), e);
        }
    }

    static String text(URI uri) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        } catch (IllegalArgumentException e) { // a URL the configuration checks should have refused
            throw new dev.assay.model.InvalidInputException("'" + uri + "' is not a usable telemetry URL (" + e.getMessage()
                    + "); write http://HOST:PORT, e.g. http://127.0.0.1:9090");
        }
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new TelemetryUnavailableException(uri + " answered HTTP " + r.statusCode() + ": " + abbreviate(r.body()), uri.toString(), null);
            }
            return r.body();
        } catch (IOException e) {
            throw new TelemetryUnavailableException("cannot reach " + uri + " (" + why(e) + "); is the server running?", uri.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TelemetryUnavailableException("interrupted while reading " + uri, e);
        }
    }

    /** An I/O failure in words ("connection refused"), not a Java class name. */
    static String why(IOException e) {
        if (e instanceof java.net.ConnectException) return "connection refused";
        if (e instanceof java.net.http.HttpTimeoutException) return "no answer within the timeout";
        if (e instanceof java.net.UnknownHostException) return "unknown host";
        String m = e.getMessage();
        return m == null || m.isBlank() ? "connection failed" : m;
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    static String query(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
