package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Streaming HTTP mode: server-sent events pass event by event, and the stream toxics act on them, seen by a real client. */
class StreamingTest {
    @RegisterExtension
    final LlmProxy llm = new LlmProxy();

    /** The {@code data:} lines of a stream, each with the time it was read, until the stream ends. */
    private record Line(String text, long nanos) {
    }

    private static List<Line> dataLines(HttpResponse<InputStream> r) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = in.readLine()) != null) if (l.startsWith("data:") || l.startsWith("event:")) lines.add(new Line(l, System.nanoTime()));
        }
        return lines;
    }

    @Test
    void eventsArriveOneByOneBeforeTheServerSendsTheLast() throws Exception {
        HttpResponse<InputStream> r = llm.open("/events?n=5&gap=300");
        assertThat(r.headers().firstValue("content-type")).contains("text/event-stream");
        List<Line> lines = dataLines(r);
        assertThat(lines).extracting(Line::text).hasSize(6).endsWith("data: [DONE]");
        assertThat(lines.get(0).text()).contains("token1");
        assertThat(lines.get(0).nanos()).isLessThan(llm.upstream().lastEventSentNanos.get());
    }

    @Test
    void slowStreamHoldsTheFirstEventThenSpacesTheRest() throws Exception {
        llm.toxic("ttft", "slow_stream", Map.of("first_event_delay", 700, "between_events_delay", 300));
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = llm.open("/events?n=3&gap=0");
        assertThat(r.statusCode()).isEqualTo(200);
        List<Line> lines = dataLines(r);
        assertThat(lines).hasSize(4);
        assertThat((lines.get(0).nanos() - t0) / 1e6).isGreaterThanOrEqualTo(650.0);
        assertThat((lines.get(1).nanos() - t0) / 1e6).isGreaterThanOrEqualTo(950.0);
        assertThat((lines.get(2).nanos() - t0) / 1e6).isGreaterThanOrEqualTo(1250.0);

        llm.removeToxic("ttft");
        double firstEvent = Wire.fastestOf(5, 650, () -> {
            long t = System.nanoTime();
            List<Line> restored = dataLines(llm.open("/events?n=3&gap=0"));
            assertThat(restored).hasSize(4);
            return (restored.get(0).nanos() - t) / 1e6;
        });
        assertThat(firstEvent).as("the first event is no longer held (fastest of up to 5 streams)").isLessThan(650.0);
    }

    @Test
    void streamCutAfterTwoEventsWithADoneEventEndsCleanly() throws Exception {
        llm.toxic("cut", "stream_cut", Map.of("after_events", 2, "final_event", 1));
        assertThat(dataLines(llm.open("/events?n=5&gap=50"))).extracting(Line::text)
                .containsExactly("data: {\"choices\":[{\"delta\":{\"content\":\"token1\"}}]}",
                        "data: {\"choices\":[{\"delta\":{\"content\":\"token2\"}}]}", "data: [DONE]");
    }

    @Test
    void streamCutWithAnErrorEventOrNoneAtAll() throws Exception {
        llm.toxic("cut", "stream_cut", Map.of("after_events", 1, "final_event", 2));
        assertThat(dataLines(llm.open("/events?n=5&gap=50"))).extracting(Line::text).hasSize(3).element(1).isEqualTo("event: error");
        llm.removeToxic("cut");
        llm.toxic("cut", "stream_cut", Map.of("after_events", 1));
        HttpResponse<InputStream> r = llm.open("/events?n=5&gap=50");
        assertThatThrownBy(() -> dataLines(r)).isInstanceOf(IOException.class);
        llm.removeToxic("cut");
        assertThat(dataLines(llm.open("/events?n=5&gap=10"))).hasSize(6);
    }

    @Test
    void streamCutAfterBytesStopsMidEvent() throws Exception {
        llm.toxic("cut", "stream_cut", Map.of("after_bytes", 60));
        HttpResponse<InputStream> r = llm.open("/events?n=5&gap=10");
        byte[] got = new byte[200];
        int n = 0;
        try (InputStream in = r.body()) {
            int k;
            while (n < got.length && (k = in.read(got, n, got.length - n)) > 0) n += k;
        } catch (IOException expected) {
            // the cut: the chunked body never ends
        }
        assertThat(n).isEqualTo(60);
    }
}
