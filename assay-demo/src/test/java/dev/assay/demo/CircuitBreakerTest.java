package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(2), clock);

    @Test
    void opensAfterThresholdConsecutiveFailures() {
        breaker.failure();
        breaker.failure();
        assertThat(breaker.allow()).isTrue();
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allow()).isFalse();
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        breaker.failure();
        breaker.failure();
        breaker.success();
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void letsOneTrialThroughAfterTheOpenPeriodAndClosesWhenItSucceeds() {
        for (int i = 0; i < 3; i++) breaker.failure();
        clock.now = clock.now.plusSeconds(2);
        assertThat(breaker.allow()).isTrue();
        assertThat(breaker.allow()).as("only one trial while half-open").isFalse();
        breaker.success();
        assertThat(breaker.allow()).isTrue();
    }

    @Test
    void reopensWhenTheTrialFails() {
        for (int i = 0; i < 3; i++) breaker.failure();
        clock.now = clock.now.plusSeconds(3);
        assertThat(breaker.allow()).isTrue();
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allow()).isFalse();
    }
}
