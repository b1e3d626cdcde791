package dev.assay.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The answers the proxy gives itself instead of asking the upstream: {@code http_error}'s, and the AI-API
 * ones, shaped like OpenAI's or Anthropic's so their SDKs' retry logic runs: {@code http_rate_limit} (429 with
 * {@code Retry-After}) and {@code http_overloaded} (503/529). Both also say {@code x-should-retry: true}.
 */
final class LocalAnswers {
    private LocalAnswers() {
    }

    /** The local answer the fired toxics call for, if any (the first such toxic wins). */
    static Optional<FullHttpResponse> of(HttpFaults.Decision decision) {
        for (ActiveToxic t : decision.fired()) {
            switch (t.kind()) {
                case HTTP_ERROR -> {
                    return Optional.of(json((int) t.spec().longAttribute("status"),
                            "{\"error\":\"fault injected by assay proxy\",\"toxic\":\"" + t.spec().name() + "\"}"));
                }
                case HTTP_RATE_LIMIT -> {
                    return Optional.of(rateLimited(t.spec()));
                }
                case HTTP_OVERLOADED -> {
                    return Optional.of(overloaded(t.spec()));
                }
                default -> {
                }
            }
        }
        return Optional.empty();
    }

    private static FullHttpResponse rateLimited(ToxicSpec spec) {
        int status = (int) number(spec, "status", StreamingAttributes.DEFAULT_RATE_LIMIT_STATUS);
        long retryAfter = number(spec, "retry_after", StreamingAttributes.DEFAULT_RETRY_AFTER_SECONDS);
        String message = "Rate limit reached (injected by assay proxy toxic " + spec.name() + "). Please try again in " + retryAfter + "s.";
        String body = anthropic(spec)
                ? "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"" + message + "\"}}"
                : "{\"error\":{\"message\":\"" + message + "\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
        FullHttpResponse r = json(status, body);
        r.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfter));
        r.headers().set("x-should-retry", "true");
        return r;
    }

    private static FullHttpResponse overloaded(ToxicSpec spec) {
        int status = (int) number(spec, "status", StreamingAttributes.DEFAULT_OVERLOADED_STATUS);
        String message = "Overloaded (injected by assay proxy toxic " + spec.name() + "); please retry.";
        String body = anthropic(spec)
                ? "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"" + message + "\"}}"
                : "{\"error\":{\"message\":\"" + message + "\",\"type\":\"server_error\",\"param\":null,\"code\":\"overloaded\"}}";
        FullHttpResponse r = json(status, body);
        r.headers().set("x-should-retry", "true");
        return r;
    }

    private static boolean anthropic(ToxicSpec spec) {
        return spec.stringAttribute("style").equals("anthropic");
    }

    private static long number(ToxicSpec spec, String key, long fallback) {
        return spec.attributes().containsKey(key) ? spec.longAttribute(key) : fallback;
    }

    static FullHttpResponse json(int status, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        HttpUtil.setContentLength(r, r.content().readableBytes());
        return r;
    }
}
