package dev.assay.demo;

import dev.assay.proxy.FaultProxy;
import dev.assay.proxy.ProxySpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the demo runs, wired together: the shop, one fault proxy per callee in front of it (callers are
 * routed through the proxies, so every edge can be faulted), and the load generator. Closing stops it all,
 * in reverse order, and the proxy removes every fault before it stops.
 */
public final class DemoStack implements AutoCloseable {
    /** Services that are only ever called by users, never by another service: no proxy in front. */
    static final List<String> ENTRY_POINTS = List.of("frontend");
    /**
     * Callees whose proxy works in HTTP mode (streaming): the AI-API faults answer or rewrite llm's calls, and inventory's,
     * payment's and cart-db's answer a share of the calls with an error (per request, where a TCP toxic picks connections).
     */
    static final List<String> HTTP_MODE = List.of("llm", "inventory", "payment", "cart-db");

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, InetSocketAddress> proxyAddresses = new LinkedHashMap<>();
    private Shop shop;
    private FaultProxy proxy;
    private LoadGenerator load;

    private DemoStack() {
    }

    /**
     * Starts the stack. {@code otlp} is where the services send traces; {@code ratePerSecond} the load.
     * On any failure, whatever was started is stopped again.
     */
    public static DemoStack start(Optional<URI> otlp, double ratePerSecond, Clock clock, Shop.Builder shopBuilder) {
        DemoStack stack = new DemoStack();
        try {
            otlp.ifPresent(shopBuilder::otlpEndpoint);
            stack.shop = shopBuilder.clock(clock).start();
            stack.started.add(stack.shop);
            stack.proxy = FaultProxy.builder().apiListen("127.0.0.1:0").clock(clock).build();
            stack.started.add(stack.proxy);
            for (String service : stack.shop.services()) {
                if (ENTRY_POINTS.contains(service)) continue;
                InetSocketAddress target = stack.shop.address(service);
                String upstream = target.getHostString() + ":" + target.getPort();
                FaultProxy.ProxyStatus p = stack.proxy.createProxy(HTTP_MODE.contains(service)
                        ? new ProxySpec(service, "127.0.0.1:0", upstream, true, ProxySpec.Mode.HTTP)
                        : ProxySpec.tcp(service, "127.0.0.1:0", upstream));
                InetSocketAddress listen = parse(p.spec().listen());
                stack.proxyAddresses.put(service, listen);
                stack.shop.routeThrough(service, listen);
            }
            stack.load = LoadGenerator.builder(stack.shop.frontend()).rate(ratePerSecond).clock(clock).start();
            stack.started.add(stack.load);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public static DemoStack start(Optional<URI> otlp, double ratePerSecond) {
        return start(otlp, ratePerSecond, Clock.systemUTC(), Shop.builder());
    }

    private static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    public Shop shop() {
        return shop;
    }

    public FaultProxy proxy() {
        return proxy;
    }

    public LoadGenerator load() {
        return load;
    }

    /** The proxy in front of each callee, by service name (the proxy is named after the service). */
    public Map<String, InetSocketAddress> proxyAddresses() {
        return Map.copyOf(proxyAddresses);
    }

    /** Stops the load, then the proxy (removing every fault), then the shop and its child process. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // keep stopping the rest: nothing may be left running
            }
        }
        started.clear();
    }
}
