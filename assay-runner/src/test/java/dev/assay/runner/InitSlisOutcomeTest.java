package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.assay.format.SystemFormat;
import dev.assay.format.SystemInit;
import dev.assay.format.SystemSetup;
import dev.assay.model.SystemConfig;
import dev.assay.proxy.FaultProxy;
import dev.assay.proxy.ProxyConfig;
import dev.assay.proxy.ProxySpec;
import dev.assay.telemetry.SliSources;
import dev.assay.testkit.FreePorts;
import dev.assay.verdict.SliWindows;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an outcome measures of a system {@code assay init} wrote: each watched service's error rate with its p50 and p99
 * from the latency SLIs init declared, read from the real fault proxy's histograms (what the mechanism belief needs).
 */
class InitSlisOutcomeTest {
    @TempDir
    Path dir;

    @Test
    void aServiceInitDeclaredIsMeasuredWithItsP50AndP99AndOneWithoutTrafficIsLeftOut() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/", ex -> {
            try (ex) {
                Thread.sleep(60);
                ex.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        upstream.start();
        int api = FreePorts.next();
        try (FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:" + api).build()) {
            SystemSetup setup = new SystemSetup("shop", List.of(
                    new SystemSetup.ServiceAddress("web", "127.0.0.1", upstream.getAddress().getPort(), List.of()),
                    new SystemSetup.ServiceAddress("idle", "127.0.0.1", FreePorts.next(), List.of())), List.of());
            SystemInit.Result r = SystemInit.create(setup, new SystemInit.Settings("127.0.0.1:" + api, "proxies.json"), Optional.empty(),
                    Optional.empty(), FreePorts::next);
            for (ProxySpec p : ProxyConfig.read(Files.writeString(dir.resolve("proxies.json"), r.proxiesJson()))) proxy.createProxy(p);
            SystemConfig sys = SystemFormat.parse("assay.yaml", r.systemYaml().orElseThrow());
            String web = r.redirects().get(0).proxyAddress();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 20; i++) http.send(HttpRequest.newBuilder(URI.create("http://" + web + "/")).build(), HttpResponse.BodyHandlers.discarding());

            // the services' SLIs as a run watches them (RunWiring: every SLI named <service>.*)
            Map<String, List<String>> watched = new LinkedHashMap<>();
            for (String s : List.of("web", "idle")) watched.put(s, sys.slis().stream().map(d -> d.name()).filter(n -> n.startsWith(s + ".")).toList());
            Experiment x = new Experiment("x", ProxyEndToEndTest.errors("x", List.of()), List.of("web"), 0.01, Experiment.Mode.SINGLE, List.of(),
                    Set.of(), watched);
            List<OutcomeSlis.Subject> subjects = OutcomeSlis.subjects(x);
            assertThat(subjects).filteredOn(s -> s.name().equals("web")).singleElement()
                    .satisfies(s -> assertThat(List.of(s.p50(), s.p99())).allSatisfy(n -> assertThat(sys.sli(n)).isPresent()));

            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Map<String, SliWindows.Window> windows = OutcomeSlis.read(SliSources.forSystem(sys, Clock.systemUTC()), subjects, Duration.ofMinutes(5));
            while ((windows.get("service:web") == null || windows.get("service:web").requests() < 20) && System.nanoTime() < end) {
                Thread.sleep(50);
                windows = OutcomeSlis.read(SliSources.forSystem(sys, Clock.systemUTC()), subjects, Duration.ofMinutes(5));
            }
            SliWindows.Window w = windows.get("service:web");
            assertThat(w).isNotNull();
            assertThat(w.requests()).isEqualTo(20);
            assertThat(w.errorRate()).isZero();
            // every call took >= 60 ms upstream: both percentiles sit in the (50, 100] ms bucket or above
            assertThat(w.p50Ms().orElseThrow()).isGreaterThanOrEqualTo(50);
            assertThat(w.p99Ms().orElseThrow()).isGreaterThanOrEqualTo(w.p50Ms().getAsDouble());
            assertThat(windows).doesNotContainKey("service:idle");
        } finally {
            upstream.stop(0);
        }
    }
}
