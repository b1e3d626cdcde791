package dev.assay.demo;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process services of the shop and their resilience mechanisms: the planted truth, documented in
 * {@code docs/demo.md} and {@code planted-truth.json}. Some mechanisms are right, some deliberately wrong.
 */
final class ShopServices {
    static final List<String> PRODUCTS = List.of("OLJCESPC7Z", "66VCHSJNUP", "1YMWWN1N4O", "L9ECAV7KIM", "2ZYFJ3GM2N",
            "0PUK6V6EV0", "LS4PSXUNUM", "9SIQT8TOJO", "6E92ZMYYFZ");

    /** The kind of node each service is, as traces report it ({@code assay.service.kind}). */
    static String kindOf(String service) {
        return service.equals("cart-db") ? "cache" : "service";
    }

    private final Directory directory;
    private final HttpClient http;
    private final OtlpExporter exporter;
    private final Clock clock;
    final List<ServiceNode> nodes = new ArrayList<>();
    final List<AutoCloseable> workers = new ArrayList<>();

    ShopServices(Directory directory, HttpClient http, OtlpExporter exporter, Clock clock) {
        this.directory = directory;
        this.http = http;
        this.exporter = exporter;
        this.clock = clock;
    }

    private ServiceNode node(String name, long workMs) {
        ServiceNode n = new ServiceNode(name, exporter, clock, Duration.ofMillis(workMs));
        nodes.add(n);
        return n;
    }

    private Downstream edge(ServiceNode caller, String callee, CallPolicy policy) {
        return new Downstream(caller, callee, policy, directory, http);
    }

    /** Builds every in-process service (not started). */
    void define() {
        frontend();
        recommendations();
        catalog();
        cart();
        cartDb();
        checkout();
        inventory();
        payment();
        shipping();
        assistant();
    }

    private void frontend() {
        ServiceNode n = node("frontend", 2);
        // Right: catalog is essential (no fallback), recommendations are optional: short timeout, breaker, fallback.
        Downstream catalog = edge(n, "catalog", CallPolicy.timeout(500));
        Downstream recommendations = edge(n, "recommendations", CallPolicy.timeout(200).withCircuitBreaker());
        Downstream cart = edge(n, "cart", CallPolicy.timeout(800));
        Downstream checkout = edge(n, "checkout", CallPolicy.timeout(2500));
        // The product Q&A: a generous timeout, as answers stream; no fallback here (the assistant has its own).
        Downstream assistant = edge(n, "assistant", CallPolicy.timeout(4000));
        // Before "/": routes match by prefix, first wins.
        n.route("GET", "/ask", r -> {
            String q = r.param("q", "when does " + r.param("product", PRODUCTS.get(0)) + " ship?");
            return ServiceNode.Reply.ok(assistant.get(r.trace(), "/assistant?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8)));
        });
        n.route("GET", "/", r -> {
            String products = catalog.get(r.trace(), "/products");
            String recs;
            try {
                recs = recommendations.get(r.trace(), "/recommendations?user=" + r.param("user", "u0"));
            } catch (CallFailedException e) {
                n.metrics.increment("fallback_recommendations");
                recs = "[]";
            }
            return ServiceNode.Reply.ok("{\"products\":" + products + ",\"recommendations\":" + recs + "}");
        });
        n.route("POST", "/cart", r -> {
            String product = r.param("product", PRODUCTS.get(0));
            catalog.get(r.trace(), "/products/" + product);
            return ServiceNode.Reply.ok(cart.post(r.trace(), "/cart/add?user=" + r.param("user", "u0") + "&product=" + product, ""));
        });
        n.route("POST", "/checkout", r -> ServiceNode.Reply.ok(checkout.post(r.trace(), "/checkout?user=" + r.param("user", "u0"), "")));
    }

    private void recommendations() {
        ServiceNode n = node("recommendations", 5);
        Downstream catalog = edge(n, "catalog", CallPolicy.timeout(300));
        n.route("GET", "/recommendations", r -> {
            catalog.get(r.trace(), "/products");
            int k = Math.floorMod(r.param("user", "u0").hashCode(), PRODUCTS.size());
            return ServiceNode.Reply.ok("[\"" + PRODUCTS.get(k) + "\",\"" + PRODUCTS.get((k + 3) % PRODUCTS.size()) + "\"]");
        });
    }

    private void catalog() {
        ServiceNode n = node("catalog", 3);
        n.route("GET", "/products/", r -> {
            String id = r.path().substring("/products/".length());
            return PRODUCTS.contains(id) ? ServiceNode.Reply.ok("{\"id\":\"" + id + "\",\"priceCents\":1999}")
                    : new ServiceNode.Reply(404, "{\"error\":\"no product " + id + "\"}");
        });
        n.route("GET", "/products", r -> ServiceNode.Reply.ok("[\"" + String.join("\",\"", PRODUCTS) + "\"]"));
        n.route("GET", "/shipping/flat-rate", r -> ServiceNode.Reply.ok("{\"costCents\":899}"));
    }

    private void cart() {
        ServiceNode n = node("cart", 2);
        Downstream db = edge(n, "cart-db", CallPolicy.timeout(300));
        n.route("GET", "/cart", r -> ServiceNode.Reply.ok(db.get(r.trace(), "/kv/cart:" + r.param("user", "u0"))));
        n.route("POST", "/cart/add", r -> {
            String key = "/kv/cart:" + r.param("user", "u0");
            String items = db.get(r.trace(), key);
            db.post(r.trace(), key, items.isBlank() ? r.param("product", "") : items + "," + r.param("product", ""));
            return ServiceNode.Reply.ok("{\"added\":\"" + r.param("product", "") + "\"}");
        });
    }

    private void cartDb() {
        ServiceNode n = node("cart-db", 1);
        Map<String, String> store = new ConcurrentHashMap<>();
        n.route("GET", "/kv/", r -> ServiceNode.Reply.ok(store.getOrDefault(r.path().substring(4), "")));
        n.route("POST", "/kv/", r -> {
            String items = r.body();
            // Bounded like a cache: carts keep their last 20 items.
            String[] parts = items.split(",");
            if (parts.length > 20) items = String.join(",", List.of(parts).subList(parts.length - 20, parts.length));
            store.put(r.path().substring(4), items);
            return ServiceNode.Reply.ok("{\"stored\":true}");
        });
    }

    private void checkout() {
        ServiceNode n = node("checkout", 3);
        Downstream cart = edge(n, "cart", CallPolicy.timeout(500));
        // Planted weakness: a timeout on inventory but no fallback and no breaker: slow inventory = failed checkout.
        Downstream inventory = edge(n, "inventory", CallPolicy.timeout(250));
        // Planted weakness: immediate retries on timeout, no backoff: payment latency is amplified three-fold.
        Downstream payment = edge(n, "payment", CallPolicy.timeout(300).withRetries(2));
        // Right: shipping quotes fall back to a flat rate.
        Downstream shipping = edge(n, "shipping", CallPolicy.timeout(400));
        // A dependency that appears only under failure: the flat rate of the fallback comes from the catalog.
        Downstream flatRate = edge(n, "catalog", CallPolicy.timeout(300));
        // Right: confirmation e-mails go through an asynchronous queue.
        EmailQueue emails = new EmailQueue(n, edge(n, "email", CallPolicy.timeout(1000)));
        workers.add(emails);
        AtomicLong orderIds = new AtomicLong(1000);
        n.route("POST", "/checkout", r -> {
            String user = r.param("user", "u0");
            cart.get(r.trace(), "/cart?user=" + user);
            inventory.post(r.trace(), "/reserve?user=" + user, "");
            payment.post(r.trace(), "/charge?user=" + user + "&amountCents=1999", "");
            String quote;
            try {
                quote = shipping.get(r.trace(), "/quote?user=" + user);
            } catch (CallFailedException e) {
                n.metrics.increment("fallback_shipping");
                String rate;
                try {
                    rate = flatRate.get(r.trace(), "/shipping/flat-rate");
                } catch (CallFailedException again) {
                    rate = "{\"costCents\":899}";
                }
                quote = rate.replace("}", ",\"flatRate\":true}");
            }
            long order = orderIds.incrementAndGet();
            emails.enqueue(r.trace(), "{\"order\":" + order + ",\"user\":\"" + user + "\"}");
            n.metrics.increment("orders");
            return ServiceNode.Reply.ok("{\"order\":" + order + ",\"shipping\":" + quote + "}");
        });
    }

    private void inventory() {
        ServiceNode n = node("inventory", 4);
        AtomicLong reserved = new AtomicLong();
        n.route("POST", "/reserve", r -> ServiceNode.Reply.ok("{\"reservation\":" + reserved.incrementAndGet() + "}"));
    }

    private void payment() {
        ServiceNode n = node("payment", 8);
        AtomicLong charges = new AtomicLong();
        n.route("POST", "/charge", r -> ServiceNode.Reply.ok("{\"charge\":" + charges.incrementAndGet() + "}"));
    }

    private void shipping() {
        ServiceNode n = node("shipping", 3);
        n.route("GET", "/quote", r -> ServiceNode.Reply.ok("{\"costCents\":" + (499 + Math.floorMod(r.param("user", "").hashCode(), 500)) + "}"));
    }

    /** The product Q&A ({@link AssistantService}): asks the LLM ({@link LlmStub}, started by the shop as {@code llm}). */
    private void assistant() {
        AssistantService.define(node("assistant", 2), directory, http);
    }

    /** The email service's routes; it runs in its own process ({@link EmailProcess}). */
    static ServiceNode email(OtlpExporter exporter, Clock clock) {
        ServiceNode n = new ServiceNode("email", exporter, clock, Duration.ofMillis(5));
        AtomicLong sent = new AtomicLong();
        n.consumerRoute("POST", "/send", r -> {
            n.metrics.increment("sent");
            return ServiceNode.Reply.ok("{\"sent\":" + sent.incrementAndGet() + "}");
        });
        return n;
    }
}
