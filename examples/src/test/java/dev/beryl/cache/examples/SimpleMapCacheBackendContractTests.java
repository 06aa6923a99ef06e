package dev.beryl.cache.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;

import dev.beryl.cache.AbstractCacheBackendTests;
import dev.beryl.cache.CacheBackend;

/**
 * The example's backend of your own keeps every promise of a backend without tags or clearing: the README's
 * example is a backend Beryl can rely on.
 */
class SimpleMapCacheBackendContractTests extends AbstractCacheBackendTests {

    private final MovingClock clock = new MovingClock();

    private SimpleMapCacheBackend backend;

    @BeforeEach
    void freshBackend() {
        this.backend = new SimpleMapCacheBackend(this.clock);
    }

    @Override
    protected CacheBackend backend() {
        return this.backend;
    }

    @Override
    protected void advance(Duration duration) {
        this.clock.now = this.clock.now.plus(duration);
    }

    @Override
    protected boolean clears() {
        return false;
    }

    /** A clock that only moves when a test moves it. */
    private static final class MovingClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return this.now;
        }
    }
}
