package dev.assay.telemetry;

import dev.assay.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.assay.testkit.OtlpSpans;
import dev.assay.testkit.SpanGenerator;
import dev.assay.testkit.TopologyFixtures;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The receiver counts and reports what it cannot use, and keeps serving. */
class OtlpReceiverTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private LiveGraph graph;
    private OtlpReceiver receiver;

    @BeforeEach
    void start() {
        graph = LiveGraph.create(Clock.systemUTC());
        receiver = OtlpReceiver.start(new InetSocketAddress("127.0.0.1", 0), graph);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private HttpResponse<byte[]> post(String type, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces"))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static ExportTraceServiceRequest good() {
        return OtlpSpans.requestOfTraces(SpanGenerator.builder(TopologyFixtures.load("sock-shop.topology.json"))
                .tracesPerWeight(1).build().traces());
    }

    @Test
    void malformedSpansAreCountedReportedAndTheRestOfTheRequestIsKept() throws Exception {
        ExportTraceServiceRequest good = good();
        Span valid = good.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        ExportTraceServiceRequest mixed = good.toBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder()
                        .addSpans(valid.toBuilder().setTraceId(ByteString.copyFrom(new byte[3])))      // short trace id
                        .addSpans(valid.toBuilder().setSpanId(ByteString.EMPTY))                       // no span id
                        .addSpans(valid.toBuilder().setEndTimeUnixNano(valid.getStartTimeUnixNano() - 1)))) // no service.name either
                .build();
        HttpResponse<byte[]> r = post("application/x-protobuf", mixed.toByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(r.body());
        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(3);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("service.name");
        graph.flush();
        GraphSnapshot g = graph.snapshot();
        assertThat(g.counts().malformedSpans()).isEqualTo(3);
        assertThat(g.counts().spans()).isEqualTo(good.getResourceSpansList().stream()
                .mapToLong(rs -> rs.getScopeSpans(0).getSpansCount()).sum());
        assertThat(g.malformedReasons()).isNotEmpty();
        assertThat(g.edges()).isNotEmpty();
    }

    @Test
    void spansWithBadIdsInOtlpJsonAreRejectedOneByOne() throws Exception {
        String json = OtlpJson.print(good());
        String broken = json.replaceFirst("\"spanId\":\"[0-9a-f]{16}\"", "\"spanId\":\"not-hex!\"");
        HttpResponse<byte[]> r = post("application/json", broken.getBytes());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body())).contains("\"rejectedSpans\":\"1\"");
        assertThat(graph.malformedSpans()).isEqualTo(1);
    }

    @Test
    void anUndecodableBodyIsAnswered400AndTheReceiverKeepsServing() throws Exception {
        assertThat(post("application/x-protobuf", new byte[] {(byte) 0xff, (byte) 0xff, 0x01, 0x02}).statusCode()).isEqualTo(400);
        assertThat(post("application/json", "{\"resourceSpans\": [ nope".getBytes()).statusCode()).isEqualTo(400);
        assertThat(post("application/json", "[1,2,3]".getBytes()).statusCode()).isEqualTo(400);
        assertThat(receiver.rejectedRequests()).isEqualTo(3);

        assertThat(post("application/x-protobuf", good().toByteArray()).statusCode()).isEqualTo(200);
        graph.flush();
        assertThat(graph.snapshot().edges()).isNotEmpty();
    }

    @Test
    void onlyPostIsAccepted() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void pendingTracesStayWithinTheirBoundWhateverTheTraffic() {
        LiveGraph bounded = LiveGraph.create(Clock.systemUTC(), Duration.ofHours(1), 50);
        var traces = SpanGenerator.builder(TopologyFixtures.load("online-boutique.topology.json")).tracesPerWeight(40).build().traces();
        for (var t : traces) {
            bounded.ingest(OtlpDecoder.decode(OtlpSpans.request(t)).spans());
            assertThat(bounded.pendingTraces()).isLessThanOrEqualTo(50);
        }
        assertThat(bounded.snapshot().counts().traces()).isEqualTo(traces.size() - 50L);
    }

    @Test
    void aTraceSplitAcrossRequestsIsJoinedWhileItIsYoungerThanTheSettleTime() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        LiveGraph g = LiveGraph.create(clock, Duration.ofSeconds(5), 1000);
        var trace = SpanGenerator.builder(TopologyFixtures.load("sock-shop.topology.json")).errorRate(0).build()
                .journeyTrace(TopologyFixtures.load("sock-shop.topology.json").journey("login").orElseThrow());
        var spans = OtlpDecoder.decode(OtlpSpans.request(trace)).spans();
        g.ingest(spans.subList(0, spans.size() / 2));
        clock.advance(Duration.ofSeconds(3));
        assertThat(g.snapshot().counts().traces()).isZero();
        g.ingest(spans.subList(spans.size() / 2, spans.size()));
        clock.advance(Duration.ofSeconds(6));
        GraphSnapshot s = g.snapshot();
        assertThat(s.counts().traces()).isEqualTo(1);
        assertThat(s.edges()).extracting(EdgeStats::key).containsExactlyInAnyOrder("front-end->user", "user->user-db");
    }
}
