package dev.assay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.testkit.OtlpSpans;
import dev.assay.testkit.SpanGenerator;
import dev.assay.testkit.TopologyFixtures;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bodies the real receiver cannot decode are answered over HTTP (400, 413) and it keeps serving; never a dropped connection. */
class OtlpReceiverBadBodiesTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
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

    private HttpResponse<String> post(String type, String encoding, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!encoding.isEmpty()) b.header("Content-Encoding", encoding);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] good() {
        return OtlpSpans.requestOfTraces(SpanGenerator.builder(TopologyFixtures.load("sock-shop.topology.json"))
                .tracesPerWeight(1).build().traces()).toByteArray();
    }

    @Test
    void aBodyThatIsNotGzipIsAnswered400() throws Exception {
        HttpResponse<String> r = post("application/x-protobuf", "gzip", "not gzip at all".getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("gzip");
        assertThat(post("application/x-protobuf", "", good()).statusCode()).as("still serving").isEqualTo(200);
    }

    @Test
    void aTruncatedGzipBodyIsAnswered400() throws Exception {
        byte[] z = gzip(good());
        HttpResponse<String> r = post("application/x-protobuf", "gzip", Arrays.copyOf(z, z.length / 2));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("gzip");
        assertThat(receiver.rejectedRequests()).isEqualTo(1);
    }

    @Test
    void aGzipBodyWithCorruptDataIsAnswered400InJsonForJsonClients() throws Exception {
        byte[] z = gzip(good());
        for (int i = 10; i < z.length - 8; i += 7) z[i] ^= 0x5a;
        HttpResponse<String> r = post("application/json", "gzip", z);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(r.body()).startsWith("{\"message\":");
    }

    @Test
    void aBodyLargerThanTheLimitIsAnswered413() throws Exception {
        HttpResponse<String> r = post("application/x-protobuf", "", new byte[JdkOtlpReceiver.MAX_BODY_BYTES + 1]);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains(String.valueOf(JdkOtlpReceiver.MAX_BODY_BYTES));
    }

    @Test
    void aGzipBombIsAnswered413WithoutInflatingItAll() throws Exception {
        byte[] bomb = gzip(new byte[JdkOtlpReceiver.MAX_BODY_BYTES + 1024]); // ~32 KB on the wire
        HttpResponse<String> r = post("application/x-protobuf", "gzip", bomb);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("decompressed");
    }

    @Test
    void anUnknownContentEncodingIsAnswered415() throws Exception {
        HttpResponse<String> r = post("application/x-protobuf", "br", good());

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).contains("gzip");
    }

    @Test
    void jsonThatIsNotJsonIsAnswered400WithItsPositionNotParserInternals() throws Exception {
        HttpResponse<String> r = post("application/json", "", "{\"resourceSpans\": [[[[".getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("line 1, column").doesNotContain("REDACTED", "StreamReadFeature");
    }
}
