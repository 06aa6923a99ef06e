package dev.beryl.cache.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.beryl.cache.redis.CircuitBreaker.State;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTests {

    private final AtomicLong now = new AtomicLong();

    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(5), this.now::get);

    @Test
    void staysClosed_belowThreshold_andSuccessResetsTheCount() {
        this.breaker.onFailure();
        this.breaker.onFailure();
        this.breaker.onSuccess();
        this.breaker.onFailure();
        this.breaker.onFailure();
        assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
        assertThat(this.breaker.tryAcquire()).isTrue();
    }

    @Test
    void opensAtThreshold_andRefusesUntilCoolDownEnds() {
        failTimes(3);
        assertThat(this.breaker.state()).isEqualTo(State.OPEN);
        assertThat(this.breaker.tryAcquire()).isFalse();
        this.now.addAndGet(Duration.ofSeconds(5).minusNanos(1).toNanos());
        assertThat(this.breaker.tryAcquire()).isFalse();
        assertThat(this.breaker.openings()).isEqualTo(1);
    }

    @Test
    void afterCoolDown_letsOneProbeThrough() {
        failTimes(3);
        this.now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(this.breaker.tryAcquire()).isTrue();
        assertThat(this.breaker.state()).isEqualTo(State.PROBING);
        assertThat(this.breaker.tryAcquire()).as("a second caller while the probe runs").isFalse();
    }

    @Test
    void probeSuccess_closes() {
        failTimes(3);
        this.now.addAndGet(Duration.ofSeconds(5).toNanos());
        this.breaker.tryAcquire();
        this.breaker.onSuccess();
        assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
        assertThat(this.breaker.tryAcquire()).isTrue();
    }

    @Test
    void probeFailure_opensForAnotherCoolDown() {
        failTimes(3);
        this.now.addAndGet(Duration.ofSeconds(5).toNanos());
        this.breaker.tryAcquire();
        this.breaker.onFailure();
        assertThat(this.breaker.state()).isEqualTo(State.OPEN);
        assertThat(this.breaker.tryAcquire()).isFalse();
        assertThat(this.breaker.openings()).isEqualTo(2);
        this.now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(this.breaker.tryAcquire()).isTrue();
    }

    private void failTimes(int times) {
        for (int i = 0; i < times; i++) {
            this.breaker.onFailure();
        }
    }
}
