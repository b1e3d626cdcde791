package dev.assay.server;

import com.sun.net.httpserver.HttpServer;
import dev.assay.belief.Belief;
import dev.assay.journal.Journal;
import dev.assay.model.AbortCondition;
import dev.assay.model.Edge;
import dev.assay.model.Expectation;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.Journey;
import dev.assay.model.Magnitude;
import dev.assay.model.Quantity;
import dev.assay.model.Safety;
import dev.assay.model.Scope;
import dev.assay.model.Service;
import dev.assay.model.ServiceKind;
import dev.assay.model.SystemConfig;
import dev.assay.model.Topology;
import dev.assay.proxy.FaultProxy;
import dev.assay.proxy.ProxySpec;
import dev.assay.runner.BeliefLearner;
import dev.assay.runner.Experiment;
import dev.assay.runner.ExperimentRunner;
import dev.assay.runner.HttpProbe;
import dev.assay.runner.RunnerSettings;
import dev.assay.runner.ToxiproxyInjector;
import dev.assay.spi.Reading;
import dev.assay.telemetry.ErrorBudgets;
import dev.assay.testkit.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A real HTTP service behind the real fault proxy (HTTP mode, reached through its REST API), probed, with a real
 * SQLite journal and a controller over it: what the API tests drive. The proxy is the service {@code shop-edge}.
 */
final class Shop implements AutoCloseable {
    static final String EDGE = "shop-edge";
    static final RunnerSettings SETTINGS = new RunnerSettings(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1));

    final HttpServer upstream;
    final FaultProxy proxy;
    final HttpProbe probe;
    final Journal journal;
    final Controller controller;
    final Clock clock = Clock.systemUTC();

    Shop(Path dir) throws Exception {
        this(dir, SETTINGS, Optional.empty(), Optional::empty);
    }

    /** With the runner's {@code settings}, the snapshot drift is measured from, and where the live model is re-discovered. */
    Shop(Path dir, RunnerSettings settings, Optional<dev.assay.telemetry.GraphSnapshot> snapshot, Controller.Discovery discovery) throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/", ex -> {
            ex.sendResponseHeaders(200, 2);
            ex.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            ex.close();
        });
        upstream.start();
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        int port = FreePorts.next();
        proxy.createProxy(new ProxySpec(EDGE, "127.0.0.1:" + port, "127.0.0.1:" + upstream.getAddress().getPort(), true, ProxySpec.Mode.HTTP));
        probe = HttpProbe.start("checkout", URI.create("http://127.0.0.1:" + port + "/checkout"), 100, Duration.ofSeconds(5), clock);
        journal = Journal.open(dir.resolve("journal.db"));
        Topology topology = topology();
        SystemConfig system = new SystemConfig("shop", List.of(), topology.journeys(), List.of(), List.of(), List.of(), Safety.NONE);
        List<Intent> intents = List.of(slowEdge());
        BeliefLearner learner = BeliefLearner.of(Belief.create(topology), clock);
        URI api = URI.create("http://127.0.0.1:" + proxy.apiAddress().getPort());
        controller = Controller.builder().system(system).intents(intents).topology(topology, snapshot).discovery(discovery).journal(journal)
                .learner(learner).budgets(ErrorBudgets.create(probe, clock)).clock(clock)
                .runners(listener -> ExperimentRunner.builder().journal(journal).sli(probe).measurements(probe)
                        .budget(j -> new Reading.Known("budget." + j, 0.9, 1, Instant.now()))
                        .injector(ToxiproxyInjector.create(api, clock)).clock(clock).settings(settings).listener(listener).beliefs(learner).build())
                .experiments((c, i, t) -> new Experiment(dev.assay.runner.Campaign.experimentId(i.id(), clock), i, List.of(EDGE), 0.01,
                        Experiment.Mode.SINGLE, List.of(), Set.of("checkout", EDGE, "checkout->" + EDGE), Map.of()))
                .build();
        awaitSteady();
    }

    static Topology topology() {
        return new Topology("shop", List.of(new Service("checkout", ServiceKind.SERVICE), new Service(EDGE, ServiceKind.SERVICE)),
                List.of(Edge.of("checkout", EDGE)), List.of(new Journey("checkout", "checkout", Optional.empty(), 1, List.of(EDGE))));
    }

    static Intent slowEdge() {
        return new Intent("checkout-tolerates-a-slow-edge", Optional.empty(), "checkout", "checkout stays under 10 s when its edge is 50 ms slower",
                new Fault(FaultType.LATENCY, EDGE, List.of(Magnitude.of("delayMs", 50)), Scope.percent(50)),
                List.of(new Expectation("checkout.latency.p95", Expectation.Comparison.BELOW, Quantity.millis(10_000))),
                Optional.empty(), Optional.empty(), new Safety(0.05, List.of(),
                List.of(new AbortCondition("checkout.latency.p95", AbortCondition.Trigger.ABOVE, Quantity.millis(20_000))),
                Duration.ZERO, Duration.ofMinutes(5)));
    }

    private void awaitSteady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (probe.read("checkout.latency.p95", Duration.ofSeconds(1)) instanceof Reading.Known k && k.samples() > 20) return;
            Thread.sleep(100);
        }
        throw new IllegalStateException("the probe never saw the shop answer (machine overloaded?)");
    }

    int toxics() {
        return proxy.proxy(EDGE).orElseThrow().toxics().size();
    }

    @Override
    public void close() {
        controller.stop();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!controller.idle() && System.nanoTime() < deadline) Thread.onSpinWait();
        probe.close();
        journal.close();
        proxy.close();
        upstream.stop(0);
    }
}
