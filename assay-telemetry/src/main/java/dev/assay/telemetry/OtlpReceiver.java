package dev.assay.telemetry;

import java.net.InetSocketAddress;

/**
 * An OTLP/HTTP trace receiver: {@code POST /v1/traces} with an {@code ExportTraceServiceRequest} as protobuf
 * ({@code application/x-protobuf}) or OTLP/JSON ({@code application/json}), optionally gzip-encoded. Spans go
 * into a {@link LiveGraph}; malformed spans are counted there and reported back as a partial success; a body
 * that cannot be decoded at all (not protobuf/JSON, corrupt gzip) is answered 400, a body over 32 MiB (before or
 * after gunzip) 413, another Content-Encoding 415; the body is read whole first, so the connection stays usable.
 * Nothing a client sends stops the receiver.
 */
public interface OtlpReceiver extends AutoCloseable {
    /** Starts listening on {@code address} (port 0 picks a free one), one virtual thread per exchange. */
    static OtlpReceiver start(InetSocketAddress address, LiveGraph graph) {
        return JdkOtlpReceiver.start(address, graph);
    }

    /** The port actually bound. */
    int port();

    /** Requests answered 400/413 because their body could not be decoded at all. */
    long rejectedRequests();

    @Override
    void close();
}
