package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.format.SystemFormat;
import dev.assay.model.SystemConfig;
import dev.assay.proxy.ProxyConfig;
import dev.assay.proxy.ProxySpec;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.Jvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
    @TempDir
    Path dir;

    private Path compose() throws Exception {
        return Files.writeString(dir.resolve("docker-compose.yml"), """
                services:
                  web: {ports: ["8080:80"], depends_on: [api]}
                  api: {ports: ["5001:5000"]}
                  worker: {image: worker}
                """);
    }

    @Test
    void fromAComposeFileWritesFilesThatValidateAndPrintsWhereCallersMustPoint() throws Exception {
        Cli r = Cli.run("init", "--from", compose().toString(), "--service", "worker=127.0.0.1:7000",
                "--journey", "browse=web:GET /products", "--dir", dir.toString(), "--api-listen", "127.0.0.1:18474");
        assertThat(r.exitCode()).as(r.err()).isZero();
        SystemConfig sys = SystemFormat.read(dir.resolve("assay.yaml"));
        List<ProxySpec> proxies = ProxyConfig.read(dir.resolve("proxies.json"));
        assertThat(proxies).extracting(ProxySpec::name).containsExactly("web", "api", "worker");
        assertThat(proxies).extracting(ProxySpec::upstream).containsExactly("127.0.0.1:8080", "127.0.0.1:5001", "127.0.0.1:7000");
        assertThat(proxies).allSatisfy(p -> assertThat(p.mode()).isEqualTo(ProxySpec.Mode.HTTP));
        assertThat(sys.name()).isEqualTo(dir.getFileName().toString());
        assertThat(sys.journeys()).singleElement().satisfies(j -> assertThat(j.route()).contains("GET /products"));
        assertThat(r.out()).contains("callers must use these addresses instead")
                .contains("web     127.0.0.1:8080 -> " + proxies.get(0).listen())
                .contains("worker  127.0.0.1:7000 -> " + proxies.get(2).listen());
    }

    @Test
    void aComposeServiceWithoutAPublishedPortNeedsAnAddress() throws Exception {
        Cli r = Cli.run("init", "--from", compose().toString(), "--dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("service 'worker' publishes no host port").contains("--service worker=HOST:PORT");
        assertThat(dir.resolve("assay.yaml")).doesNotExist();
    }

    @Test
    void rerunningKeepsTheProxyAddressesCallersWerePointedAt() throws Exception {
        assertThat(Cli.run("init", "--service", "cart=127.0.0.1:5001", "--dir", dir.toString()).exitCode()).isZero();
        String before = ProxyConfig.read(dir.resolve("proxies.json")).get(0).listen();
        Cli r = Cli.run("init", "--service", "cart=127.0.0.1:5001", "--service", "email=127.0.0.1:5002", "--dir", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(ProxyConfig.read(dir.resolve("proxies.json")).get(0).listen()).isEqualTo(before);
        assertThat(r.out()).contains("cart   127.0.0.1:5001 -> " + before + "  (unchanged)");
        assertThat(SystemFormat.read(dir.resolve("assay.yaml")).sli("email.errors.rate")).isPresent();
    }

    @Test
    void rerunningRefusesToRewriteAnEditedSystemFileThatLacksANewService() throws Exception {
        assertThat(Cli.run("init", "--service", "cart=127.0.0.1:5001", "--dir", dir.toString()).exitCode()).isZero();
        Path yaml = dir.resolve("assay.yaml");
        String edited = Files.readString(yaml).replace("budgetFraction: 0.05", "budgetFraction: 0.02");
        Files.writeString(yaml, edited);
        Cli r = Cli.run("init", "--service", "cart=127.0.0.1:5001", "--service", "email=127.0.0.1:5002", "--dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("assay.yaml was edited").contains("SLI 'email.errors.rate'");
        assertThat(Files.readString(yaml)).isEqualTo(edited);
    }

    @Test
    void badServiceAndJourneyFlagsAreUsageErrors() {
        Cli bad = Cli.run("init", "--service", "cart", "--dir", dir.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(bad.err()).contains("expected NAME=HOST:PORT");
        Cli journey = Cli.run("init", "--service", "cart=127.0.0.1:1", "--journey", "x=nope", "--dir", dir.toString());
        assertThat(journey.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(journey.err()).contains("unknown service 'nope'");
    }

    @Test
    void proxyWithSystemStartsTheProxiesInitWrote() throws Exception {
        int api = FreePorts.next();
        assertThat(Cli.run("init", "--service", "cart=127.0.0.1:6379", "--dir", dir.toString(), "--api-listen", "127.0.0.1:" + api).exitCode()).isZero();
        Process p = new ProcessBuilder(Jvm.javaBinary(), "-cp", Jvm.classPath(), Assay.class.getName(), "proxy",
                "--system", dir.resolve("assay.yaml").toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.contains("admin API on")) seen.append(line).append('\n');
            assertThat(line).as(seen.toString()).contains("127.0.0.1:" + api);
            assertThat(seen.toString()).contains("proxy cart: " + ProxyConfig.read(dir.resolve("proxies.json")).get(0).listen() + " -> 127.0.0.1:6379");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/proxies/cart")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).contains("\"mode\":\"http\"");
            p.toHandle().destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void proxyWithASystemWithoutAProxyInjectorSaysWhatToAdd() throws Exception {
        Path yaml = Files.writeString(dir.resolve("assay.yaml"), "apiVersion: assay/v1\nkind: System\nmetadata: {name: x}\nspec: {}\n");
        Cli r = Cli.run("proxy", "--system", yaml.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("no injector of type proxy").contains("assay init");
    }

    @Test
    void withNoProxyRunningLatencyIsDeclaredAndInitSaysItCannotBeReadYet() throws Exception {
        int api = FreePorts.next();
        Cli r = Cli.run("init", "--service", "cart=127.0.0.1:6379", "--service", "shop=127.0.0.1:6380", "--dir", dir.toString(),
                "--api-listen", "127.0.0.1:" + api);
        assertThat(r.exitCode()).as(r.err()).isZero();
        SystemConfig sys = SystemFormat.read(dir.resolve("assay.yaml"));
        assertThat(sys.sli("cart.latency.p99").flatMap(dev.assay.model.SliDefinition::latency)).contains(0.99);
        assertThat(sys.sli("shop.latency.p50").flatMap(dev.assay.model.SliDefinition::latency)).contains(0.50);
        assertThat(r.out()).contains("latency: declared p50/p99 for every service, but could not read any yet (cannot reach http://127.0.0.1:" + api);
    }

    @Test
    void againstAnAppWithoutTrafficInitNamesTheServicesWhoseLatencyItCannotRead() throws Exception {
        int api = FreePorts.next();
        com.sun.net.httpserver.HttpServer web = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/", ex -> {
            try (ex) {
                ex.sendResponseHeaders(200, -1);
            }
        });
        web.start();
        String webAddress = "127.0.0.1:" + web.getAddress().getPort();
        try (dev.assay.proxy.FaultProxy proxy = dev.assay.proxy.FaultProxy.builder().apiListen("127.0.0.1:" + api).build()) {
            assertThat(Cli.run("init", "--service", "web=" + webAddress, "--service", "idle=127.0.0.1:6381", "--dir", dir.toString(),
                    "--api-listen", "127.0.0.1:" + api).exitCode()).isZero();
            for (ProxySpec spec : ProxyConfig.read(dir.resolve("proxies.json"))) proxy.createProxy(spec);
            String webProxy = ProxyConfig.read(dir.resolve("proxies.json")).get(0).listen();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 5; i++) {
                http.send(HttpRequest.newBuilder(URI.create("http://" + webProxy + "/x")).build(), HttpResponse.BodyHandlers.discarding());
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!proxy.metrics().contains("proxy=\"web\"") && System.nanoTime() < end) Thread.sleep(50);
            Cli again = Cli.run("init", "--service", "web=" + webAddress, "--service", "idle=127.0.0.1:6381", "--dir", dir.toString(),
                    "--api-listen", "127.0.0.1:" + api);
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("latency: no request through the proxy of idle in the last 5 min")
                    .doesNotContain("proxy of web").doesNotContain("could not read any");
            assertThat(SystemFormat.read(dir.resolve("assay.yaml")).sli("idle.latency.p99")).isPresent();
        } finally {
            web.stop(0);
        }
    }
}
