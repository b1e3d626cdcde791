package dev.assay.demo;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Optional;

/**
 * One caller→callee edge as the caller's code sees it: every attempt is a CLIENT span with a propagated
 * {@code traceparent}, bounded by the policy's timeout; 5xx and timeouts are retried immediately up to
 * {@code retries} times; an open circuit breaker fails fast. Failure ends in {@link CallFailedException}.
 */
final class Downstream {
    private final ServiceNode caller;
    private final String callee;
    private final CallPolicy policy;
    private final Directory directory;
    private final HttpClient http;
    private final Optional<CircuitBreaker> breaker;

    Downstream(ServiceNode caller, String callee, CallPolicy policy, Directory directory, HttpClient http) {
        this.caller = caller;
        this.callee = callee;
        this.policy = policy;
        this.directory = directory;
        this.http = http;
        this.breaker = policy.circuitBreaker()
                ? Optional.of(new CircuitBreaker(5, java.time.Duration.ofSeconds(2), caller.clock()))
                : Optional.empty();
    }

    String callee() {
        return callee;
    }

    Optional<CircuitBreaker> breaker() {
        return breaker;
    }

    String get(TraceContext trace, String path) throws InterruptedException {
        return call(trace, "GET", path, "");
    }

    String post(TraceContext trace, String path, String body) throws InterruptedException {
        return call(trace, "POST", path, body);
    }

    /**
     * Delivers an asynchronous message: the consumer's span continues the {@code producer} span directly (no
     * CLIENT span), which is how tracing marks the edge asynchronous.
     */
    String deliver(TraceContext producer, String path, String body) throws InterruptedException {
        return call(producer, "POST", path, body, true);
    }

    String call(TraceContext trace, String method, String path, String body) throws InterruptedException {
        return call(trace, method, path, body, false);
    }

    private String call(TraceContext trace, String method, String path, String body, boolean message) throws InterruptedException {
        if (breaker.isPresent() && !breaker.get().allow()) {
            caller.metrics.increment("breaker_open_" + callee);
            throw new CallFailedException(callee, "circuit breaker open");
        }
        String lastFailure = "";
        for (int attempt = 0; attempt <= policy.retries(); attempt++) {
            if (attempt > 0) caller.metrics.increment("retries_" + callee);
            Tracer.Active span = message ? caller.tracer.untraced(trace) : caller.tracer.client(trace, callee, method, path).attribute("retry.attempt", attempt);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(directory.base(callee).resolve(path))
                        .timeout(policy.timeout())
                        .header(TraceContext.HEADER, span.context.header())
                        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
                span.attribute("http.response.status_code", r.statusCode());
                if (r.statusCode() < 500) {
                    span.end(false, "");
                    breaker.ifPresent(CircuitBreaker::success);
                    if (r.statusCode() >= 400) throw new CallFailedException(callee, "answered " + r.statusCode() + cause(r.body()));
                    return r.body();
                }
                lastFailure = "answered " + r.statusCode() + cause(r.body());
            } catch (HttpTimeoutException e) {
                lastFailure = "timed out after " + policy.timeout().toMillis() + " ms";
            } catch (IOException e) {
                lastFailure = "unreachable (" + e.getClass().getSimpleName() + ")";
            }
            span.end(true, lastFailure);
        }
        breaker.ifPresent(CircuitBreaker::failure);
        throw new CallFailedException(callee, lastFailure);
    }

    /** The callee's own error message, so a user sees the root cause through the chain of callers. */
    private static String cause(String body) {
        String marker = "\"error\":\"";
        int i = body.indexOf(marker);
        if (i < 0) return "";
        int end = body.indexOf('"', i + marker.length());
        String msg = body.substring(i + marker.length(), end < 0 ? body.length() : end);
        return " (" + (msg.length() > 300 ? msg.substring(0, 300) + "..." : msg) + ")";
    }
}
