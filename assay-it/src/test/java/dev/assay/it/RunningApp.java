package dev.assay.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.proxy.ProxyConfig;
import dev.assay.proxy.ProxySpec;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.Jvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A third-party app running as its user would run it behind Assay: {@code assay init} from its Compose file
 * (with the loopback ports it really listens on), each service started unmodified from the shared corpus with
 * its callees re-pointed at their proxies, and {@code assay proxy --system assay.yaml} in a child JVM.
 *
 * <p>How callers are re-pointed: the apps read every address from {@code networking.json} through the corpus's
 * own {@code helper.py}, the same file for a service's own port and its callees' ports (in Compose, each
 * container has its own host name). So each service process gets its own view, as each container would: a
 * generated {@code networking.json} in a temp dir with the service's own port and every callee at its proxy,
 * read by the corpus's unmodified {@code helper.py} (executed from the corpus, only its file location differs),
 * plus no-op stand-ins for the tracing modules the apps import (src/test/resources/pystubs). No app file is
 * copied or changed. The Flask servers bind 0.0.0.0 as the apps hard-code it; all traffic stays on loopback.
 */
final class RunningApp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    final ThirdPartyApp app;
    final Path work;
    final Path system;
    final String api;
    final Map<String, String> proxyAddress = new LinkedHashMap<>();
    final Cli init;
    final Duration initTook;
    private final List<Process> services = new ArrayList<>();
    private Process proxy;

    private RunningApp(ThirdPartyApp app, Path work) throws Exception {
        this.app = app;
        this.work = work;
        this.system = work.resolve("assay.yaml");
        Map<String, Integer> ports = new LinkedHashMap<>();
        app.services().forEach(s -> ports.put(s, FreePorts.next()));
        this.api = "127.0.0.1:" + FreePorts.next();
        List<String> args = new ArrayList<>(List.of("init", "--from", app.dir().resolve("docker-compose.yml").toString()));
        ports.forEach((s, p) -> args.addAll(List.of("--service", s + "=127.0.0.1:" + p)));
        args.addAll(List.of("--journey", app.journey() + "=" + app.entry() + ":" + app.route(), "--dir", work.toString(), "--api-listen", api));
        long t0 = System.nanoTime();
        init = Cli.run(args.toArray(String[]::new));
        initTook = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(init.exitCode()).as(init.toString()).isZero();
        for (ProxySpec p : ProxyConfig.read(work.resolve("proxies.json"))) proxyAddress.put(p.name(), p.listen());
        Files.createDirectories(work.resolve("logs"));
        Path stubs = Path.of(RunningApp.class.getResource("/pystubs").toURI());
        for (String s : app.services()) services.add(startService(s, ports, stubs));
        proxy = new ProcessBuilder(Jvm.javaBinary(), "-cp", Jvm.classPath(), "dev.assay.cli.Assay", "proxy", "--system", system.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("logs/proxy.log").toFile()).start();
        await("the proxy's admin API", () -> Files.readString(work.resolve("logs/proxy.log")).contains("admin API on"), proxy);
        for (String s : app.services()) { // directly: only the load may send traffic through the proxies
            await(s, () -> status(URI.create("http://127.0.0.1:" + ports.get(s) + "/health-check")) == 200, null);
        }
        await("the entry through its proxy", () -> status(URI.create("http://" + proxyAddress.get(app.entry()) + "/health-check")) == 200, null);
    }

    static RunningApp start(ThirdPartyApp app, Path work) throws Exception {
        return new RunningApp(app, work);
    }

    private Process startService(String service, Map<String, Integer> ports, Path stubs) throws IOException {
        Path view = work.resolve("py").resolve(service);
        Files.createDirectories(view.resolve(app.name()));
        Path helper = ThirdPartyApp.corpus().resolve("helper.py");
        Files.writeString(view.resolve("helper.py"), "# The corpus's own helper.py, run from here so it reads this directory's networking.json.\n"
                + "_source = " + pyString(helper.toString()) + "\nwith open(_source) as _f:\n    exec(compile(_f.read(), _source, 'exec'))\n");
        ObjectNode net = (ObjectNode) JSON.readTree(app.dir().resolve("networking.json").toFile());
        for (Iterator<Map.Entry<String, JsonNode>> it = net.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ObjectNode entry = (ObjectNode) e.getValue();
            entry.put("default-host", "127.0.0.1");
            if (ports.containsKey(e.getKey())) {
                String addr = e.getKey().equals(service) ? "127.0.0.1:" + ports.get(service) : proxyAddress.get(e.getKey());
                entry.put("port", Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1)));
            }
        }
        Files.writeString(view.resolve(app.name()).resolve("networking.json"), net.toPrettyString());
        Path script = app.dir().resolve("services").resolve(service).resolve(service).resolve("app.py");
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString()).directory(view.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("logs/" + service + ".log").toFile());
        pb.environment().put("PYTHONPATH", stubs + java.io.File.pathSeparator + view);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        return pb.start();
    }

    URI entryUrl() {
        return URI.create("http://" + proxyAddress.get(app.entry()) + app.path());
    }

    /** The proxy's Prometheus text. */
    String metrics() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + api + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Toxics installed on any proxy now. */
    int toxics() throws Exception {
        JsonNode proxies = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://" + api + "/proxies")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        int n = 0;
        for (JsonNode p : proxies) n += p.path("toxics").size();
        return n;
    }

    private static int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private void await(String what, Check check, Process process) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            if (check.ok()) return;
            if (process != null && !process.isAlive()) break;
            for (Process p : services) {
                if (!p.isAlive()) throw new AssertionError(what + ": a service exited\n" + logs());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited " + DEADLINE.toSeconds() + " s for " + what + "\n" + logs());
    }

    String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(work.resolve("logs"))) {
            for (Path f : files.sorted().toList()) {
                String text = Files.readString(f);
                b.append("--- ").append(f.getFileName()).append('\n').append(text, Math.max(0, text.length() - 3000), text.length());
            }
        }
        return b.toString();
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Stops the proxy first (SIGTERM: it removes every toxic), then the services; each process by its own handle. */
    @Override
    public void close() throws Exception {
        if (proxy != null) {
            proxy.destroy();
            if (!proxy.waitFor(20, TimeUnit.SECONDS)) proxy.destroyForcibly();
        }
        for (Process p : services) p.destroy();
        for (Process p : services) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
