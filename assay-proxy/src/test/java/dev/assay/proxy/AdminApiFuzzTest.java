package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzz target for the Toxiproxy API's JSON bodies, on every route that reads one: any body gets a 2xx, or a
 * 4xx whose JSON says what was wrong; never a 5xx, an exception or a hang. Runs against a real engine (the
 * routes' effects included); proxies it creates listen on 127.0.0.1:0 only and are deleted after each try.
 * Tries: {@code jqwik.tries.default} (400 in the build; raise it for a longer run, see docs/proxy.md).
 */
class AdminApiFuzzTest {
    private static Engine engine;
    private static AdminApi api;

    @BeforeContainer
    static void start() {
        engine = (Engine) FaultProxy.builder().apiListen("127.0.0.1:0").build();
        api = new AdminApi(engine);
    }

    @AfterContainer
    static void stop() {
        engine.close();
    }

    @AfterTry
    void clean() {
        engine.reset();
        engine.proxies().forEach(p -> engine.deleteProxy(p.spec().name()));
        engine.createProxy(ProxySpec.tcp("p", "127.0.0.1:0", "127.0.0.1:6379"));
        engine.addToxic("p", ToxicSpec.of("latency", ToxicSpec.Stream.DOWNSTREAM, java.util.Map.of("latency", 1)));
    }

    @Provide
    Arbitrary<String> routes() {
        return Arbitraries.of("POST /proxies", "POST /populate", "POST /proxies/p", "PATCH /proxies/p", "POST /proxies/p/toxics",
                "POST /proxies/p/toxics/latency_downstream", "PATCH /proxies/p/toxics/latency_downstream", "POST /leases",
                "POST /leases/nope/renew", "POST /proxies/nope/toxics", "POST /reset", "DELETE /proxies/p", "GET /proxies");
    }

    @Provide
    Arbitrary<String> bodies() {
        return FuzzInputs.bodies().map(b -> b.replace("\"127.0.0.1:6379\"", "\"127.0.0.1:6379\"")) // upstreams stay on loopback
                .filter(b -> !b.matches("(?s).*\"listen\"\\s*:\\s*\"(?!127\\.0\\.0\\.1:0\")[^\"]*:\\d+\".*")); // listen only on port 0
    }

    @Property
    void anyBodyIsA2xxOrA4xxWithAMessage(@ForAll("routes") String route, @ForAll("bodies") String body) throws Exception {
        if (engine.proxy("p").isEmpty()) clean();
        String[] mp = route.split(" ", 2);
        AdminApi.Response r = CompletableFuture.supplyAsync(() -> api.handle(mp[0], mp[1], body)).get(20, TimeUnit.SECONDS);
        assertThat(r.status()).as(route + " " + body).isBetween(200, 499);
        if (r.status() >= 400) {
            var error = ApiJson.MAPPER.readTree(r.body()).path("error").asText("");
            assertThat(error).as(route + " " + body).isNotBlank().doesNotContain("Exception");
        }
    }
}
