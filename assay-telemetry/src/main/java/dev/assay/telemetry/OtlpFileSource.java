package dev.assay.telemetry;

import dev.assay.model.InvalidInputException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An OTLP/JSON file: one {@code ExportTraceServiceRequest} object, or one per line as the OpenTelemetry
 * Collector's file exporter writes them. A line that is not a request is reported with its line number.
 */
final class OtlpFileSource implements TraceSource {
    private final Path file;

    OtlpFileSource(Path file) {
        this.file = file;
    }

    @Override
    public String kind() {
        return "otlp-file";
    }

    @Override
    public SourceReport pullInto(LiveGraph graph) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read OTLP/JSON file: " + e.getMessage());
        }
        List<String> lines = text.strip().startsWith("{") && !text.strip().contains("\n{") ? List.of(text) : text.lines().toList();
        long spans = 0;
        long malformed = 0;
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) continue;
            ExportTraceServiceRequest request;
            try {
                request = OtlpJson.parse(line);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(file + ":" + (lines.size() == 1 ? 1 : lineNo) + ":1: " + e.getMessage()
                        + " (expected an ExportTraceServiceRequest in OTLP/JSON, one per line)");
            }
            OtlpDecoder.Result r = OtlpDecoder.decode(request);
            if (r.rejected() > 0) graph.malformed(r.rejected(), file + ":" + lineNo + ": " + r.firstReason());
            graph.ingest(r.spans());
            spans += r.spans().size();
            malformed += r.rejected();
        }
        graph.flush();
        return new SourceReport(file.toString(), 0, spans, malformed);
    }
}
