package dev.assay.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.model.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a Toxiproxy populate file ({@code toxiproxy-server -config}): a JSON array of proxies. */
public final class ProxyConfig {
    private ProxyConfig() {
    }

    /** The proxies in {@code file}; problems are reported with the file name and the JSON position. */
    public static List<ProxySpec> read(Path file) {
        String text;
        try {
            if (Files.size(file) > ApiJson.MAX_BYTES) {
                throw new InvalidInputException(file + ": larger than " + (ApiJson.MAX_BYTES >> 10) + " KiB; a populate file lists"
                        + " proxies, it is never that big. Check that this is the right file");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file; pass a Toxiproxy populate file (a JSON array of proxies)");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidInputException(file + ": not UTF-8 text; a populate file is JSON (a JSON array of proxies)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        JsonNode root = ApiJson.read(text, m -> new InvalidInputException(file + ":" + m.line() + ":" + m.column()
                + ": malformed JSON (JSON path " + m.path() + "): " + m.reason()
                + "; expected a JSON array of proxies"));
        if (root.isObject() && root.has("proxies")) root = root.get("proxies");
        if (!root.isArray()) {
            throw new InvalidInputException(file + ": expected a JSON array of proxies, e.g. "
                    + "[{\"name\": \"redis\", \"listen\": \"127.0.0.1:26379\", \"upstream\": \"127.0.0.1:6379\"}]");
        }
        List<ProxySpec> specs = new ArrayList<>();
        int i = 0;
        for (JsonNode n : root) {
            try {
                specs.add(ApiJson.proxy(n));
            } catch (FaultProxyException e) {
                throw new InvalidInputException(file + ": proxy #" + i + " (JSON path /" + i + "): " + e.getMessage());
            }
            i++;
        }
        return specs;
    }
}
