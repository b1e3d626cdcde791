package dev.assay.demo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/** The started shop: in-process nodes, the LLM stub, the email child process, the shared HTTP client and trace exporter. */
final class RunningShop implements Shop {
    private final Map<String, InetSocketAddress> own = new LinkedHashMap<>();
    private final Directory directory = new Directory();
    private final List<ServiceNode> nodes = new ArrayList<>();
    private final List<AutoCloseable> workers = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private OtlpExporter exporter;
    private HttpClient http;
    private ChildService email;
    private LlmStub llm;

    private RunningShop() {
    }

    static RunningShop start(Shop.Builder b) {
        RunningShop shop = new RunningShop();
        try {
            shop.exporter = new OtlpExporter(b.otlpEndpoint, b.traceFlush);
            shop.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(1)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            ShopServices services = new ShopServices(shop.directory, shop.http, shop.exporter, b.clock);
            services.define();
            shop.workers.addAll(services.workers);
            for (ServiceNode n : services.nodes) {
                n.start(0);
                shop.nodes.add(n);
                shop.register(n.name, n.port());
            }
            shop.llm = LlmStub.start(0, LlmStub.SHOP_PACE);
            shop.register("llm", shop.llm.port());
            shop.email = ChildService.start("email", b.javaBinary, b.classPath, b.otlpEndpoint, b.processStartTimeout);
            shop.register("email", shop.email.port());
            return shop;
        } catch (RuntimeException e) {
            shop.close();
            throw e;
        }
    }

    private void register(String service, int port) {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        own.put(service, a);
        directory.set(service, a);
    }

    @Override
    public List<String> services() {
        return List.copyOf(own.keySet());
    }

    @Override
    public InetSocketAddress address(String service) {
        InetSocketAddress a = own.get(service);
        if (a == null) throw new IllegalArgumentException("the shop has no service '" + service + "'; it has " + own.keySet());
        return a;
    }

    @Override
    public InetSocketAddress route(String service) {
        address(service);
        return directory.snapshot().get(service);
    }

    @Override
    public void routeThrough(String service, InetSocketAddress via) {
        address(service);
        directory.set(service, via);
    }

    @Override
    public Optional<ProcessHandle> process(String service) {
        return service.equals("email") && email != null ? Optional.of(email.handle()) : Optional.empty();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        for (AutoCloseable w : workers) {
            try {
                w.close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        nodes.forEach(ServiceNode::close);
        if (llm != null) llm.close();
        if (email != null) email.close();
        if (exporter != null) exporter.close();
        if (http != null) http.shutdownNow();
    }
}
