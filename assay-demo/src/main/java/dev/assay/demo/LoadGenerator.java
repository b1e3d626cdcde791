package dev.assay.demo;

import dev.assay.runner.MeasurementSource;
import dev.assay.spi.SliSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Drives weighted user journeys against the shop's frontend at a steady (open-loop) rate and serves what it
 * sees as SLIs: {@code <journey>.errors.rate} (fraction), {@code <journey>.latency.p50|p95|p99} (ms),
 * {@code <journey>.requests.rate} (per second) and the business signal {@code business.orders.rate}
 * (successful checkouts per second). No samples in the window is {@code Unknown}, never "healthy".
 * As a {@link MeasurementSource} it hands the raw samples of a window to verdicts: error counts, and the
 * latency of every request (failed ones included: that is how long the user waited).
 */
public interface LoadGenerator extends SliSource, MeasurementSource, AutoCloseable {
    /** One kind of user request and its share of the traffic. */
    record Journey(String name, String method, String path, double weight) {
        public Journey {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            if (!(weight > 0)) throw new IllegalArgumentException("journey weight must be positive, was " + weight);
        }
    }

    /** The demo's journeys: browse (GET /), add-to-cart (POST /cart), checkout (POST /checkout), ask (GET /ask: product Q&A). */
    List<Journey> DEFAULT_JOURNEYS = List.of(
            new Journey("browse", "GET", "/", 4),
            new Journey("add-to-cart", "POST", "/cart", 2),
            new Journey("checkout", "POST", "/checkout", 4),
            new Journey("ask", "GET", "/ask", 2));

    /** The SLI names this generator answers. */
    List<String> slis();

    /** Requests sent so far per journey (completed or not). */
    long sent(String journey);

    @Override
    void close();

    static Builder builder(URI frontend) {
        return new Builder(frontend);
    }

    final class Builder {
        final URI frontend;
        double ratePerSecond = 100;
        List<Journey> journeys = DEFAULT_JOURNEYS;
        Clock clock = Clock.systemUTC();
        Duration requestTimeout = Duration.ofSeconds(5);
        Duration retention = Duration.ofMinutes(5);
        long seed = 42;

        private Builder(URI frontend) {
            this.frontend = Objects.requireNonNull(frontend, "frontend");
        }

        public Builder rate(double perSecond) {
            if (!(perSecond > 0 && perSecond <= 2000)) throw new IllegalArgumentException("rate must be in (0, 2000] per second");
            this.ratePerSecond = perSecond;
            return this;
        }

        public Builder journeys(List<Journey> journeys) {
            if (journeys.isEmpty()) throw new IllegalArgumentException("at least one journey");
            this.journeys = List.copyOf(new ArrayList<>(journeys));
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Starts sending requests now. */
        public LoadGenerator start() {
            return OpenLoop.start(this);
        }
    }
}
