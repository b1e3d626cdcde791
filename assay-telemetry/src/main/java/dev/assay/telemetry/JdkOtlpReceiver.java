package dev.assay.telemetry;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.assay.model.InvalidInputException;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/** {@link OtlpReceiver} on the JDK's HTTP server with a virtual thread per exchange. */
final class JdkOtlpReceiver implements OtlpReceiver {
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private final HttpServer server;
    private final ExecutorService executor;
    private final LiveGraph graph;
    private final AtomicLong rejectedRequests = new AtomicLong();

    private JdkOtlpReceiver(HttpServer server, ExecutorService executor, LiveGraph graph) {
        this.server = server;
        this.executor = executor;
        this.graph = graph;
    }

    static JdkOtlpReceiver start(InetSocketAddress address, LiveGraph graph) {
        try {
            HttpServer server = HttpServer.create(address, 128);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            JdkOtlpReceiver receiver = new JdkOtlpReceiver(server, executor, graph);
            server.setExecutor(executor);
            server.createContext("/v1/traces", receiver::handle);
            server.start();
            return receiver;
        } catch (java.net.BindException e) { // the address the user gave is taken or not local: input to fix
            throw new InvalidInputException("cannot listen for OTLP on " + address.getHostString() + ":" + address.getPort() + " (" + e.getMessage()
                    + "); choose a free port on a local address, e.g. 127.0.0.1:4318");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for OTLP on " + address, e);
        }
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")) {
                respond(ex, 405, "text/plain", "POST an ExportTraceServiceRequest to /v1/traces".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            boolean json = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
            Body body = body(ex);
            if (body.status() != 200) {
                reject(ex, body.status(), json, body.problem());
                return;
            }
            ExportTraceServiceRequest request;
            try {
                request = json ? OtlpJson.parse(new String(body.bytes(), StandardCharsets.UTF_8)) : ExportTraceServiceRequest.parseFrom(body.bytes());
            } catch (InvalidProtocolBufferException | InvalidInputException e) {
                reject(ex, 400, json, "cannot decode ExportTraceServiceRequest: " + e.getMessage());
                return;
            }
            OtlpDecoder.Result r = OtlpDecoder.decode(request);
            if (r.rejected() > 0) graph.malformed(r.rejected(), r.firstReason());
            graph.ingest(r.spans());
            ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
            if (r.rejected() > 0) {
                response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(r.rejected()).setErrorMessage(r.firstReason()));
            }
            byte[] out = json ? OtlpJsonResponse.print(response.build()) : response.build().toByteArray();
            respond(ex, 200, json ? "application/json" : "application/x-protobuf", out);
        } catch (IOException | RuntimeException e) {
            // A broken connection or an unexpected body must never take the receiver down.
            rejectedRequests.incrementAndGet();
            try {
                respond(ex, 500, "text/plain", String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException ignored) {
                // the client is gone
            }
        }
    }

    /** The request body, decoded, or the status and reason it is refused with. */
    private record Body(byte[] bytes, int status, String problem) {
        static Body refused(int status, String problem) {
            return new Body(new byte[0], status, problem);
        }
    }

    /**
     * Reads and discards what is left of an oversized body, up to another {@link #MAX_BODY_BYTES} (cheap on the
     * wire's speed, never stored), so the sender reads the refusal rather than a reset; a larger body is cut off.
     */
    private static void drain(InputStream in) throws IOException {
        long left = MAX_BODY_BYTES;
        byte[] buf = new byte[64 * 1024];
        for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) left -= n;
    }

    /**
     * Reads the whole body (never more than the limit) before decoding it, so a body that cannot be decoded
     * is answered on a connection in a clean state instead of being dropped half-read.
     */
    private static Body body(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && length.strip().matches("\\d{1,18}") && Long.parseLong(length.strip()) > MAX_BODY_BYTES) {
            try (InputStream in = ex.getRequestBody()) {
                drain(in); // a sender still writing when the answer comes sees a reset instead of the 413
            }
            return Body.refused(413, "body larger than " + MAX_BODY_BYTES + " bytes; send smaller batches (the exporter's max batch size)");
        }
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readNBytes(MAX_BODY_BYTES + 1);
            if (raw.length > MAX_BODY_BYTES) drain(in);
        }
        if (raw.length > MAX_BODY_BYTES) return Body.refused(413, "body larger than " + MAX_BODY_BYTES + " bytes; send smaller batches (the exporter's max batch size)");
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity")) return new Body(raw, 200, "");
        if (!encoding.strip().equalsIgnoreCase("gzip")) {
            return Body.refused(415, "Content-Encoding '" + encoding + "' is not supported; send the body uncompressed or with gzip");
        }
        byte[] inflated;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            inflated = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) { // ZipException, EOFException: not gzip, corrupt or truncated
            return Body.refused(400, "the body is not valid gzip although Content-Encoding is gzip (" + e.getMessage() + "); compress it with gzip or drop the header");
        }
        if (inflated.length > MAX_BODY_BYTES) {
            return Body.refused(413, "decompressed body larger than " + MAX_BODY_BYTES + " bytes; send smaller batches");
        }
        return new Body(inflated, 200, "");
    }

    private void reject(HttpExchange ex, int status, boolean json, String message) throws IOException {
        rejectedRequests.incrementAndGet();
        graph.malformed(0, message);
        byte[] out = json ? ("{\"message\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(message) + "}").getBytes(StandardCharsets.UTF_8)
                : message.getBytes(StandardCharsets.UTF_8);
        respond(ex, status, json ? "application/json" : "text/plain", out);
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) ex.getResponseBody().write(body);
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public long rejectedRequests() {
        return rejectedRequests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
