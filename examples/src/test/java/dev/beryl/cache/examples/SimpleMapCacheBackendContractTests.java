package dev.beryl.cache.examples;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;

import dev.beryl.cache.AbstractCacheBackendTests;
import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.FakeTicker;

/**
 * The example's backend of your own keeps every promise of a backend without tags or clearing: the README's
 * example is a backend Beryl can rely on.
 */
class SimpleMapCacheBackendContractTests extends AbstractCacheBackendTests {

    private final FakeTicker ticker = new FakeTicker();

    private SimpleMapCacheBackend backend;

    @BeforeEach
    void freshBackend() {
        this.backend = new SimpleMapCacheBackend(this.ticker.clock());
    }

    @Override
    protected CacheBackend backend() {
        return this.backend;
    }

    @Override
    protected void advance(Duration duration) {
        this.ticker.advance(duration);
    }

    @Override
    protected boolean clears() {
        return false;
    }
}
