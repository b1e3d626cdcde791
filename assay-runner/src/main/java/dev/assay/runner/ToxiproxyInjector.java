package dev.assay.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.spi.Injector;
import dev.assay.spi.Lease;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies network faults through a fault proxy's Toxiproxy-compatible REST API (Assay's own proxy, embedded
 * or remote). Each fault gets a lease on the proxy ({@code POST /leases}) and its toxic names that lease, so
 * the proxy removes the toxic by itself when the runner stops renewing. The fault's target is the proxy's name;
 * the toxic is named {@code assay-<lease id>}, so a later run can check it is gone. A plain Toxiproxy has no
 * leases: applying fails (fail closed) rather than inject a fault nobody would remove after a crash.
 */
public final class ToxiproxyInjector implements Injector, Renewable, Verifiable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI api;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Map<String, String> proxyLeases = new ConcurrentHashMap<>();

    private ToxiproxyInjector(URI api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    /** An injector for the proxy whose API is at {@code api} (e.g. {@code http://127.0.0.1:8474}). */
    public static ToxiproxyInjector create(URI api, Clock clock) {
        return new ToxiproxyInjector(URI.create(api.toString().replaceAll("/+$", "")), clock);
    }

    @Override
    public Set<FaultType> supports() {
        return EnumSet.of(FaultType.LATENCY, FaultType.ERROR, FaultType.ABORT, FaultType.UNAVAILABLE, FaultType.BANDWIDTH,
                FaultType.RESET, FaultType.SLOW_CLOSE, FaultType.SLICER, FaultType.RATE_LIMIT, FaultType.OVERLOADED, FaultType.SLOW_STREAM,
                FaultType.STREAM_CUT, FaultType.MALFORMED_BODY);
    }

    @Override
    public AppliedFault apply(Fault fault, Magnitude level, Lease lease) {
        Duration ttl = ttl(lease);
        boolean http = "http".equals(call("GET", "/proxies/" + fault.target(), null, 200).path("mode").asText("tcp"));
        ObjectNode toxic = toxic(fault, level, http); // refuses before anything is created
        JsonNode created = call("POST", "/leases", JSON.createObjectNode().put("ttl", ttl.toMillis() / 1000.0), 201);
        String proxyLease = created.path("id").asText("");
        if (proxyLease.isEmpty()) throw new RunnerException("the proxy at " + api + " answered POST /leases without an id; is it Assay's proxy?");
        proxyLeases.put(lease.id(), proxyLease);
        toxic.put("name", toxicName(lease.id()));
        toxic.put("lease", proxyLease);
        call("POST", "/proxies/" + fault.target() + "/toxics", toxic, 200);
        return new AppliedFault(toxicName(lease.id()), fault, level, lease);
    }

    @Override
    public void remove(AppliedFault fault) {
        send("DELETE", "/proxies/" + fault.fault().target() + "/toxics/" + fault.id(), null, Set.of(204, 404));
        proxyLeases.remove(fault.lease().id());
    }

    @Override
    public void renew(AppliedFault fault, Lease renewed) {
        String proxyLease = proxyLeases.get(fault.lease().id());
        if (proxyLease == null) return;
        call("POST", "/leases/" + proxyLease + "/renew", JSON.createObjectNode().put("ttl", ttl(renewed).toMillis() / 1000.0), 200);
    }

    @Override
    public boolean gone(String target, String leaseId) {
        JsonNode toxics = send("GET", "/proxies/" + target + "/toxics", null, Set.of(200, 404));
        if (toxics.isMissingNode() || !toxics.isArray()) return true; // 404: the proxy itself is gone
        for (JsonNode t : toxics) {
            if (t.path("name").asText().equals(toxicName(leaseId))) return false;
        }
        return true;
    }

    @Override
    public void removeLeftover(String target, String leaseId) {
        send("DELETE", "/proxies/" + target + "/toxics/" + toxicName(leaseId), null, Set.of(204, 404));
    }

    static String toxicName(String leaseId) {
        return "assay-" + leaseId;
    }

    private Duration ttl(Lease lease) {
        Duration d = Duration.between(clock.instant(), lease.expiresAt());
        return d.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : d;
    }

    /**
     * The toxic for one level of {@code fault}: type, attributes, and the scope as toxicity (TCP: the share of
     * connections) or {@code percent} (HTTP-mode proxies: the share of requests, the faulted cohort).
     */
    static ObjectNode toxic(Fault fault, Magnitude level, boolean http) {
        ObjectNode t = JSON.createObjectNode();
        ObjectNode a = t.putObject("attributes");
        FaultType type = fault.type();
        t.put("stream", "downstream");
        t.put("toxicity", fault.scope().fraction());
        StreamToxics.refusal(fault, http).ifPresent(r -> {
            throw new RunnerException(r);
        });
        switch (type) {
            case RATE_LIMIT, OVERLOADED, SLOW_STREAM, STREAM_CUT, MALFORMED_BODY -> StreamToxics.fill(fault, level, t, a);
            case LATENCY -> {
                if (http) {
                    t.put("type", "http_delay");
                    a.put("delay", Math.round(level.valueOr(type, "delayMs")));
                    a.put("percent", fault.scope().percent());
                    t.put("toxicity", 1.0);
                    break;
                }
                t.put("type", "latency");
                a.put("latency", Math.round(level.valueOr(type, "delayMs")));
                a.put("jitter", Math.round(level.valueOr(type, "jitterMs")));
            }
            case ERROR -> {
                t.put("type", "http_error");
                a.put("status", Math.round(level.valueOr(type, "status")));
                a.put("percent", fault.scope().percent());
                t.put("toxicity", 1.0);
            }
            case ABORT -> {
                t.put("type", "http_abort");
                a.put("percent", fault.scope().percent());
                t.put("toxicity", 1.0);
            }
            case UNAVAILABLE -> {
                t.put("type", "timeout");
                a.put("timeout", 0);
            }
            case BANDWIDTH -> {
                t.put("type", "bandwidth");
                a.put("rate", Math.round(level.valueOr(type, "rateKbps")));
            }
            case RESET -> {
                t.put("type", "reset_peer");
                a.put("timeout", Math.round(level.valueOr(type, "timeoutMs")));
            }
            case SLOW_CLOSE -> {
                t.put("type", "slow_close");
                a.put("delay", Math.round(level.valueOr(type, "delayMs")));
            }
            case SLICER -> {
                t.put("type", "slicer");
                a.put("average_size", Math.round(level.valueOr(type, "averageSize")));
                a.put("size_variation", Math.round(level.valueOr(type, "sizeVariation")));
                a.put("delay", Math.round(level.valueOr(type, "delayUs")));
            }
            default -> throw new RunnerException("the fault proxy cannot apply " + type.id() + "; use the process injector");
        }
        if (http) {
            fault.scope().method().ifPresent(m -> a.put("method", m));
            fault.scope().pathPrefix().ifPresent(p -> a.put("path_prefix", p));
        }
        return t;
    }

    private JsonNode call(String method, String path, JsonNode body, int expected) {
        return send(method, path, body, Set.of(expected));
    }

    private JsonNode send(String method, String path, JsonNode body, Set<Integer> expected) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(TIMEOUT).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (!expected.contains(r.statusCode())) {
                throw new RunnerException("the fault proxy at " + api + " answered " + method + " " + path + " with " + r.statusCode() + ": " + r.body());
            }
            return r.body().isBlank() || r.statusCode() == 404 ? JSON.missingNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new RunnerException("cannot reach the fault proxy at " + api + " (" + method + " " + path + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunnerException("interrupted while calling the fault proxy at " + api, e);
        }
    }
}
