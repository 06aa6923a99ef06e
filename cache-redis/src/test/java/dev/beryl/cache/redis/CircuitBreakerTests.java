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
        fail(2);
        this.breaker.onSuccess(this.breaker.tryAcquire());
        fail(2);
        assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
        assertThat(this.breaker.tryAcquire()).isNotEqualTo(CircuitBreaker.REFUSED);
    }

    @Test
    void opensAtThreshold_andRefusesUntilCoolDownEnds() {
        fail(3);
        assertThat(this.breaker.state()).isEqualTo(State.OPEN);
        assertThat(this.breaker.tryAcquire()).isEqualTo(CircuitBreaker.REFUSED);
        this.now.addAndGet(Duration.ofSeconds(5).minusNanos(1).toNanos());
        assertThat(this.breaker.tryAcquire()).isEqualTo(CircuitBreaker.REFUSED);
        assertThat(this.breaker.openings()).isEqualTo(1);
    }

    @Test
    void afterCoolDown_letsOneProbeThrough() {
        fail(3);
        this.now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(this.breaker.tryAcquire()).isNotEqualTo(CircuitBreaker.REFUSED);
        assertThat(this.breaker.state()).isEqualTo(State.PROBING);
        assertThat(this.breaker.tryAcquire()).as("a second caller while the probe runs")
                .isEqualTo(CircuitBreaker.REFUSED);
    }

    @Test
    void probeSuccess_closes() {
        fail(3);
        this.now.addAndGet(Duration.ofSeconds(5).toNanos());
        this.breaker.onSuccess(this.breaker.tryAcquire());
        assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
        assertThat(this.breaker.tryAcquire()).isNotEqualTo(CircuitBreaker.REFUSED);
    }

    @Test
    void probeFailure_opensForAnotherCoolDown() {
        fail(3);
        this.now.addAndGet(Duration.ofSeconds(5).toNanos());
        this.breaker.onFailure(this.breaker.tryAcquire());
        assertThat(this.breaker.state()).isEqualTo(State.OPEN);
        assertThat(this.breaker.tryAcquire()).isEqualTo(CircuitBreaker.REFUSED);
        assertThat(this.breaker.openings()).isEqualTo(2);
        this.now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(this.breaker.tryAcquire()).isNotEqualTo(CircuitBreaker.REFUSED);
    }

    @Test
    void lateOutcomesOfCallsFromBeforeTheBreakerOpened_changeNothing() {
        long early = this.breaker.tryAcquire();
        fail(3);
        this.breaker.onSuccess(early);
        assertThat(this.breaker.state()).as("a late success does not skip the cool-down").isEqualTo(State.OPEN);
        this.now.addAndGet(Duration.ofSeconds(5).toNanos());
        long probe = this.breaker.tryAcquire();
        this.breaker.onFailure(early);
        assertThat(this.breaker.state()).as("a late failure does not end the probe").isEqualTo(State.PROBING);
        this.breaker.onSuccess(probe);
        assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void afterAProbeClosesIt_newPermitsCountFromZero_andOldOnesChangeNothing() {
        long beforeOpening = this.breaker.tryAcquire();
        fail(3);
        this.now.addAndGet(Duration.ofSeconds(5).toNanos());
        this.breaker.onSuccess(this.breaker.tryAcquire());
        long closedAgain = this.breaker.tryAcquire();
        assertThat(closedAgain).isNotEqualTo(CircuitBreaker.REFUSED).isNotEqualTo(beforeOpening);
        fail(2);
        this.breaker.onFailure(beforeOpening);
        assertThat(this.breaker.state()).as("a late failure from before the opening is not the third")
                .isEqualTo(State.CLOSED);
        this.breaker.onSuccess(closedAgain);
        fail(2);
        assertThat(this.breaker.state()).as("the success reset the count").isEqualTo(State.CLOSED);
        fail(1);
        assertThat(this.breaker.state()).isEqualTo(State.OPEN);
        assertThat(this.breaker.openings()).isEqualTo(2);
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            this.breaker.onFailure(this.breaker.tryAcquire());
        }
    }
}
