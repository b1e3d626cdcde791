package dev.assay.telemetry;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.nio.charset.StandardCharsets;

/** The OTLP/JSON form of a receiver's answer. */
final class OtlpJsonResponse {
    private OtlpJsonResponse() {
    }

    static byte[] print(ExportTraceServiceResponse response) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(response).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
