package dev.assay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.assay.model.InvalidInputException;
import dev.assay.testkit.Mutations;
import dev.assay.testkit.OtlpSpans;
import dev.assay.testkit.SpanGenerator;
import dev.assay.testkit.TopologyFixtures;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzz targets for OTLP input: protobuf and OTLP/JSON bodies, mutated from a real generated request or
 * random. Decoding gives a request (whose spans {@link OtlpDecoder} sorts into kept and malformed) or the
 * documented exception (protobuf's {@link InvalidProtocolBufferException}, {@link InvalidInputException} for
 * JSON), within a bounded time; through the real receiver every body gets an HTTP answer (200, 400 or 413).
 * Tries: {@code jqwik.tries.default} in src/test/resources/junit-platform.properties, raised with -D.
 */
class OtlpFuzzProperties {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final ExportTraceServiceRequest SEED = OtlpSpans.requestOfTraces(SpanGenerator.builder(TopologyFixtures.load("sock-shop.topology.json"))
            .tracesPerWeight(1).build().traces());
    private static final byte[] SEED_PROTOBUF = SEED.toByteArray();
    private static final String SEED_JSON = OtlpJson.print(SEED);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private static LiveGraph graph;
    private static OtlpReceiver receiver;

    @BeforeContainer
    static void start() {
        graph = LiveGraph.create(Clock.systemUTC());
        receiver = OtlpReceiver.start(new InetSocketAddress("127.0.0.1", 0), graph);
    }

    @AfterContainer
    static void stop() {
        receiver.close();
    }

    @Provide
    Arbitrary<byte[]> protobufBodies() {
        return Arbitraries.longs().flatMap(seed -> Arbitraries.integers().between(0, 9).map(kind -> {
            Random r = new Random(seed);
            return kind == 0 ? Mutations.random(r, 2000) : Mutations.bytes(SEED_PROTOBUF, r, kind);
        }));
    }

    @Provide
    Arbitrary<String> jsonBodies() {
        return Arbitraries.longs().flatMap(seed -> Arbitraries.integers().between(0, 9).map(kind -> {
            Random r = new Random(seed);
            return kind == 0 ? new String(Mutations.random(r, 2000), StandardCharsets.UTF_8) : Mutations.text(SEED_JSON, r, kind);
        }));
    }

    @Property
    void protobufGivesARequestOrInvalidProtocolBuffer(@ForAll("protobufBodies") byte[] body) {
        assertTimeoutPreemptively(BOUND, () -> {
            ExportTraceServiceRequest request;
            try {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException documented) {
                return;
            }
            decodes(request);
        });
    }

    @Property
    void otlpJsonGivesARequestOrInvalidInput(@ForAll("jsonBodies") String body) {
        assertTimeoutPreemptively(BOUND, () -> {
            ExportTraceServiceRequest request;
            try {
                request = OtlpJson.parse(body);
            } catch (InvalidInputException documented) {
                assertThat(documented.getMessage()).startsWith("OTLP/JSON: ").doesNotContain("REDACTED");
                return;
            }
            decodes(request);
        });
    }

    @Property(tries = 40)
    void theRealReceiverAnswersEveryBody(@ForAll("protobufBodies") byte[] protobuf, @ForAll("jsonBodies") String json, @ForAll boolean gzip)
            throws Exception {
        for (boolean isJson : new boolean[] {false, true}) {
            byte[] body = isJson ? json.getBytes(StandardCharsets.UTF_8) : protobuf;
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", isJson ? "application/json" : "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? Mutations.bytes(gzipped(body), new Random(body.length), 1) : body));
            if (gzip) b.header("Content-Encoding", "gzip");
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isIn(200, 400, 413);
        }
    }

    private static void decodes(ExportTraceServiceRequest request) {
        OtlpDecoder.Result r = OtlpDecoder.decode(request);
        long total = request.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream()).mapToLong(ss -> ss.getSpansCount()).sum();
        assertThat(r.spans().size() + r.rejected()).as("every span kept or counted as malformed").isEqualTo(total);
        LiveGraph g = LiveGraph.create(Clock.systemUTC());
        g.ingest(r.spans());
        g.flush();
        assertThat(g.snapshot().counts().spans()).isLessThanOrEqualTo(total);
    }

    private static byte[] gzipped(byte[] body) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(body);
        }
        return out.toByteArray();
    }
}
