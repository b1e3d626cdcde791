package dev.assay.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Renders generated spans as Zipkin v2 JSON (what {@code POST /api/v2/spans} takes): the callee of a call
 * into an uninstrumented peer is the CLIENT span's {@code remoteEndpoint.serviceName}; resource attributes and
 * {@code service.version} become tags; a failed span carries the {@code error} tag.
 */
public final class ZipkinSpans {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ZipkinSpans() {
    }

    public static String json(List<GeneratedSpan> spans) {
        ArrayNode array = JSON.createArrayNode();
        for (GeneratedSpan s : spans) array.add(node(s));
        return array.toString();
    }

    private static ObjectNode node(GeneratedSpan s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("traceId", s.traceId());
        n.put("id", s.spanId());
        s.parentId().ifPresent(p -> n.put("parentId", p));
        n.put("name", s.name());
        if (s.kind() != GeneratedSpan.Kind.INTERNAL) n.put("kind", s.kind().name());
        n.put("timestamp", s.startMicros());
        n.put("duration", Math.max(1, s.durationMicros()));
        n.putObject("localEndpoint").put("serviceName", s.service());
        s.remoteService().ifPresent(r -> n.putObject("remoteEndpoint").put("serviceName", r));
        ObjectNode tags = n.putObject("tags");
        s.attributes().forEach(tags::put);
        s.resource().forEach(tags::put);
        tags.put("service.version", s.version());
        if (s.error()) tags.put("error", "true");
        return n;
    }
}
