package dev.assay.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.assay.journal.Journal;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Topology;
import dev.assay.planner.Plan;
import dev.assay.verdict.Outcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's routes over a real HTTP server on loopback: pages, JSON, assets, and every refusal. */
class DashboardHttpTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;
    private String base;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        Path file = dir.resolve("journal.db");
        try (Journal j = Journal.open(file)) {
            assertThat(j.outcomes()).isEmpty();
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()); // an event stream holds its thread
        String prefix = Dashboard.mount(server, "dash/", JournalDashboardModel.open(file, Clock.systemUTC()));
        assertThat(prefix).isEqualTo("/dash");
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Optional<String> origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody());
        origin.ifPresent(o -> b.header("Origin", o));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyViewOfAnEmptyJournalRendersAndSaysWhatIsMissing() throws Exception {
        assertThat(get("/dash/").body()).contains("No belief snapshot yet");
        assertThat(get("/dash/plan").body()).contains("no runnable candidate");
        assertThat(get("/dash/history").body()).contains("No outcomes in the journal yet");
        assertThat(get("/dash/findings").body()).contains("none: no experiment has observed anything yet");
        assertThat(get("/dash/budgets").body()).contains("no scores yet");
        assertThat(get("/dash/live").statusCode()).isEqualTo(200);
        assertThat(get("/dash/api/live").body()).isEqualTo("{\"live\":false}");
        assertThat(get("/dash/api/graph").body()).isEqualTo("{\"nodes\":[],\"edges\":[]}");
        assertThat(get("/dash/api/history").body()).isEqualTo("{\"outcomes\":[]}");
    }

    @Test
    void unknownPathsAreNotFoundIncludingLookalikesOfThePrefix() throws Exception {
        assertThat(get("/dash/nope").statusCode()).isEqualTo(404);
        assertThat(get("/dashboard").statusCode()).isEqualTo(404);
        assertThat(get("/dash/webjars/../../etc/passwd").statusCode()).isEqualTo(404);
        assertThat(get("/dash/assets/missing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void theWebJarsAndScriptsAreServedFromTheClasspath() throws Exception {
        HttpResponse<String> cy = get("/dash" + Views.CYTOSCAPE);
        assertThat(cy.statusCode()).isEqualTo(200);
        assertThat(cy.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(get("/dash" + Views.UPLOT).statusCode()).isEqualTo(200);
        assertThat(get("/dash/assets/live.js").body()).contains("/api/live/stop");
    }

    @Test
    void stoppingWithNothingLiveIsAConflictAndOnlyPostFromTheSameOriginMayStop() throws Exception {
        assertThat(post("/dash/api/live/stop", Optional.empty()).statusCode()).isEqualTo(409);
        HttpResponse<String> foreign = post("/dash/api/live/stop", Optional.of("http://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("cross-origin");
        assertThat(get("/dash/api/live/stop").statusCode()).isEqualTo(405);
        assertThat(post("/dash/graph", Optional.empty()).statusCode()).isEqualTo(405);
    }

    @Test
    void theStopOfALiveModelCallsItsStopAction() throws Exception {
        AtomicInteger stops = new AtomicInteger();
        LiveRuns live = LiveRuns.create(Clock.systemUTC(), stops::incrementAndGet);
        live.experimentStarted("x1", "intent");
        Dashboard.mount(server, "/live-model", liveModel(live));
        assertThat(get("/live-model/api/live").body()).contains("\"live\":true", "\"experiment\":\"x1\"", "\"phase\":\"PLANNED\"");
        HttpResponse<String> r = post("/live-model/api/live/stop", Optional.of(base));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(stops).hasValue(1);
    }

    @Test
    void theLiveRunStreamsAsServerSentEventsOnEveryChangeAndAJournalAloneOffersNoStream() throws Exception {
        LiveRuns live = LiveRuns.create(Clock.systemUTC(), () -> { });
        live.experimentStarted("x1", "intent");
        Dashboard.mount(server, "/live-model", liveModel(live));
        HttpResponse<java.util.stream.Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/live-model/api/live/stream")).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        java.util.Iterator<String> lines = stream.body().iterator();
        assertThat(nextData(lines)).contains("\"live\":true", "\"phase\":\"PLANNED\"");
        live.phaseEntered("x1", dev.assay.runner.Phase.INJECTING, "level delayMs=400");
        assertThat(nextData(lines)).contains("\"phase\":\"INJECTING\"", "delayMs=400");
        live.phaseEntered("x1", dev.assay.runner.Phase.DONE, "SUPPORTED");
        assertThat(nextData(lines)).isEqualTo("{\"live\":false}");
        stream.body().close();

        HttpResponse<String> none = get("/dash/api/live/stream");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("poll /api/live");
    }

    /** The data of the next {@code live} event (an event whose data line follows {@code event: live}). */
    private static String nextData(java.util.Iterator<String> lines) {
        boolean live = false;
        while (lines.hasNext()) {
            String l = lines.next();
            if (l.equals("event: live")) live = true;
            else if (live && l.startsWith("data: ")) return l.substring("data: ".length());
        }
        throw new AssertionError("the stream ended");
    }

    private static DashboardModel liveModel(LiveRuns live) {
        return new DashboardModel() {
            public String systemName() { return "s"; }
            public Optional<Topology> topology() { return Optional.empty(); }
            public DashboardBeliefs beliefs() { return DashboardBeliefs.NOTHING; }
            public Optional<String> inferredMechanism(String from, String to) { return Optional.empty(); }
            public Plan plan() { return new Plan(List.of(), List.of(), new Plan.Stats(0, 0)); }
            public List<Outcome> outcomes() { return List.of(); }
            public List<dev.assay.model.Incident> incidents() { return List.of(); }
            public Optional<LiveRun> live() { return live.current(); }
            public Optional<AutoCloseable> onLiveChange(Runnable onChange) { return Optional.of(live.subscribe(onChange)); }
            public boolean stop() { return live.stop(); }
        };
    }

    @Test
    void aBadPrefixOrAMissingJournalIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> Dashboard.normalise("/a b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/dashboard");
        assertThatThrownBy(() -> JournalDashboardModel.open(dir.resolve("none.db"), Clock.systemUTC()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no journal at").hasMessageContaining("--journal");
    }
}
