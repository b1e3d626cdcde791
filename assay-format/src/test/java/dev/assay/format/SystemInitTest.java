package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.format.SystemSetup.JourneyEntry;
import dev.assay.format.SystemSetup.ServiceAddress;
import dev.assay.model.InvalidInputException;
import dev.assay.model.SliDefinition;
import dev.assay.model.SystemConfig;
import dev.assay.model.TelemetrySourceConfig;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class SystemInitTest {
    private static final SystemInit.Settings SETTINGS = new SystemInit.Settings("127.0.0.1:8474", "proxies.json");

    private static SystemSetup shop(JourneyEntry... journeys) {
        return new SystemSetup("shop", List.of(
                new ServiceAddress("frontend", "127.0.0.1", 5000, List.of("cart")),
                new ServiceAddress("cart", "127.0.0.1", 5001, List.of())), List.of(journeys));
    }

    private static IntSupplier ports(int first) {
        AtomicInteger next = new AtomicInteger(first);
        return next::getAndIncrement;
    }

    @Test
    void writesOneHttpProxyPerServiceAndASystemFileThatValidates() throws Exception {
        SystemInit.Result r = SystemInit.create(shop(new JourneyEntry("checkout", "frontend", Optional.of("POST /checkout"))),
                SETTINGS, Optional.empty(), Optional.empty(), ports(41000));
        JsonNode proxies = new ObjectMapper().readTree(r.proxiesJson());
        assertThat(proxies).hasSize(2);
        assertThat(proxies.get(0).path("name").asText()).isEqualTo("frontend");
        assertThat(proxies.get(0).path("listen").asText()).isEqualTo("127.0.0.1:41000");
        assertThat(proxies.get(0).path("upstream").asText()).isEqualTo("127.0.0.1:5000");
        assertThat(proxies.get(0).path("mode").asText()).isEqualTo("http");
        SystemConfig sys = SystemFormat.parse("assay.yaml", r.systemYaml().orElseThrow());
        assertThat(sys.name()).isEqualTo("shop");
        assertThat(sys.source(TelemetrySourceConfig.Kind.PROXY).orElseThrow().address()).isEqualTo("http://127.0.0.1:8474/metrics");
        assertThat(sys.journeys()).singleElement().satisfies(j -> {
            assertThat(j.entry()).isEqualTo("frontend");
            assertThat(j.route()).contains("POST /checkout");
        });
        assertThat(sys.sli("checkout.errors.rate").orElseThrow().query()).isEqualTo("frontend");
        assertThat(sys.sli("cart.errors.rate").orElseThrow().source()).isEqualTo(SliDefinition.Source.PROXY);
        assertThat(sys.slos()).singleElement().satisfies(s -> assertThat(s.sli()).isEqualTo("checkout.errors.rate"));
        assertThat(sys.injectors()).singleElement().satisfies(i -> {
            assertThat(i.type()).isEqualTo("proxy");
            assertThat(i.options()).containsEntry("proxies", "proxies.json");
        });
        assertThat(r.redirects()).extracting(SystemInit.Redirect::proxyAddress).containsExactly("127.0.0.1:41000", "127.0.0.1:41001");
    }

    @Test
    void withoutJourneysEveryServiceNothingDependsOnIsOne() {
        SystemConfig sys = SystemFormat.parse("assay.yaml", SystemInit.create(shop(), SETTINGS, Optional.empty(), Optional.empty(), ports(41000))
                .systemYaml().orElseThrow());
        assertThat(sys.journeys()).singleElement().satisfies(j -> assertThat(j.name()).isEqualTo("frontend"));
        assertThat(sys.slis()).extracting(SliDefinition::name).containsExactly("frontend.errors.rate", "cart.errors.rate",
                "frontend.latency.p50", "frontend.latency.p99", "cart.latency.p50", "cart.latency.p99");
    }

    @Test
    void everyServiceGetsP50AndP99LatencySlisFromItsProxysHistogram() {
        SystemConfig sys = SystemFormat.parse("assay.yaml", SystemInit.create(shop(), SETTINGS, Optional.empty(), Optional.empty(), ports(41000))
                .systemYaml().orElseThrow());
        for (String service : List.of("frontend", "cart")) {
            assertThat(sys.sli(service + ".latency.p50")).contains(SliDefinition.proxyLatency(service + ".latency.p50", service, 0.50));
            assertThat(sys.sli(service + ".latency.p99")).contains(SliDefinition.proxyLatency(service + ".latency.p99", service, 0.99));
        }
        assertThat(sys.slos()).allSatisfy(s -> assertThat(s.sli()).endsWith(".errors.rate"));
    }

    @Test
    void anEditedFileWithoutLatencySlisIsKeptAndTheNotesSayWhatItLacks() {
        SystemInit.Result first = SystemInit.create(shop(), SETTINGS, Optional.empty(), Optional.empty(), ports(41000));
        String edited = first.systemYaml().orElseThrow().lines().filter(l -> !l.contains("cart.latency.")).reduce("", (a, l) -> a + l + "\n");
        SystemInit.Result again = SystemInit.create(shop(), SETTINGS, Optional.of(edited), Optional.of(first.proxiesJson()), ports(42000));
        assertThat(again.systemYaml()).isEmpty();
        assertThat(again.notes()).anySatisfy(n -> assertThat(n).contains("'cart.latency.p50'", "'cart.latency.p99'", "why")
                .doesNotContain("frontend.latency"));
    }

    @Test
    void freePortsSkipTheServicesOwnPortsAndTheAdminPort() {
        AtomicInteger calls = new AtomicInteger();
        int[] offered = {5000, 8474, 5001, 41000, 41001};
        SystemInit.Result r = SystemInit.create(shop(), SETTINGS, Optional.empty(), Optional.empty(), () -> offered[calls.getAndIncrement()]);
        assertThat(r.redirects()).extracting(SystemInit.Redirect::proxyAddress).containsExactly("127.0.0.1:41000", "127.0.0.1:41001");
    }

    @Test
    void rerunKeepsEveryProxyAddressAndTheUsersOwnProxies() throws Exception {
        SystemInit.Result first = SystemInit.create(shop(), SETTINGS, Optional.empty(), Optional.empty(), ports(41000));
        String edited = first.proxiesJson().replace("[", "[{\"name\": \"redis\", \"listen\": \"127.0.0.1:26379\", \"upstream\": \"127.0.0.1:6379\"},");
        SystemSetup moved = new SystemSetup("shop", List.of(
                new ServiceAddress("frontend", "127.0.0.1", 6000, List.of("cart")),
                new ServiceAddress("cart", "127.0.0.1", 5001, List.of()),
                new ServiceAddress("email", "127.0.0.1", 5002, List.of())), List.of());
        SystemInit.Result again = SystemInit.create(moved, SETTINGS, first.systemYaml(), Optional.of(edited), ports(42000));
        JsonNode proxies = new ObjectMapper().readTree(again.proxiesJson());
        assertThat(proxies).extracting(p -> p.path("name").asText()).containsExactly("redis", "frontend", "cart", "email");
        assertThat(proxies.get(1).path("listen").asText()).isEqualTo("127.0.0.1:41000");
        assertThat(proxies.get(1).path("upstream").asText()).isEqualTo("127.0.0.1:6000");
        assertThat(proxies.get(3).path("listen").asText()).isEqualTo("127.0.0.1:42000");
        assertThat(again.redirects()).extracting(SystemInit.Redirect::kept).containsExactly(true, true, false);
        assertThat(again.notes()).anyMatch(n -> n.contains("upstream changed from 127.0.0.1:5000 to 127.0.0.1:6000"))
                .anyMatch(n -> n.contains("redis: kept"));
        assertThat(SystemFormat.parse("assay.yaml", again.systemYaml().orElseThrow()).sli("email.errors.rate")).isPresent();
    }

    @Test
    void anEditedSystemFileIsKeptWhenItHasEverythingTheRunNeeds() {
        SystemInit.Result first = SystemInit.create(shop(), SETTINGS, Optional.empty(), Optional.empty(), ports(41000));
        String edited = first.systemYaml().orElseThrow().replace("objective: 99%", "objective: 99.5%");
        SystemInit.Result again = SystemInit.create(shop(), SETTINGS, Optional.of(edited), Optional.of(first.proxiesJson()), ports(42000));
        assertThat(again.systemYaml()).isEmpty();
        assertThat(again.notes()).anyMatch(n -> n.contains("assay.yaml: kept"));
    }

    @Test
    void anEditedSystemFileThatWouldNeedChangesIsRefusedNamingWhatIsMissing() {
        SystemInit.Result first = SystemInit.create(shop(), SETTINGS, Optional.empty(), Optional.empty(), ports(41000));
        String edited = first.systemYaml().orElseThrow().replace("objective: 99%", "objective: 99.5%");
        SystemSetup more = new SystemSetup("shop", List.of(new ServiceAddress("frontend", "127.0.0.1", 5000, List.of("cart")),
                new ServiceAddress("cart", "127.0.0.1", 5001, List.of()), new ServiceAddress("email", "127.0.0.1", 5002, List.of())), List.of());
        assertThatThrownBy(() -> SystemInit.create(more, SETTINGS, Optional.of(edited), Optional.of(first.proxiesJson()), ports(42000)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("assay.yaml was edited").hasMessageContaining("SLI 'email.errors.rate'").hasMessageContaining("journey 'email'");
    }

    @Test
    void aJourneyAtAnUnknownServiceIsRefused() {
        assertThatThrownBy(() -> SystemInit.create(shop(new JourneyEntry("pay", "frontnd", Optional.empty())), SETTINGS,
                Optional.empty(), Optional.empty(), ports(41000)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown service 'frontnd'").hasMessageContaining("frontend");
    }
}
