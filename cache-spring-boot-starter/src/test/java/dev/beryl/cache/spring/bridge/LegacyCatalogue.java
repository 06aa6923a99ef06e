package dev.beryl.cache.spring.bridge;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/** Code written for Spring's caching annotations, which the bridge runs on Beryl unchanged. */
public class LegacyCatalogue {

    public record Item(long id, String name) {
    }

    private final AtomicInteger calls = new AtomicInteger();

    /** Holds {@link #slow} calls until released, so that concurrent callers pile up. */
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public int calls() {
        return this.calls.get();
    }

    public void hold(CountDownLatch gate) {
        this.gate = gate;
    }

    @Cacheable("legacy")
    public Item legacy(long id) {
        return new Item(id, "item " + id + " #" + this.calls.incrementAndGet());
    }

    @Cacheable(cacheNames = "legacy", key = "#id")
    public Item orNothing(long id, boolean nothing) {
        this.calls.incrementAndGet();
        return nothing ? null : new Item(id, "found");
    }

    @CachePut(cacheNames = "legacy", key = "#item.id()")
    public Item save(Item item) {
        return item;
    }

    @CacheEvict(cacheNames = "legacy", key = "#id")
    public void remove(long id) {
    }

    @CacheEvict(cacheNames = "legacy", allEntries = true)
    public void removeAll() {
    }

    @Cacheable(cacheNames = "slow", sync = true)
    public Item slow(long id) throws InterruptedException {
        this.calls.incrementAndGet();
        this.gate.await(10, TimeUnit.SECONDS);
        return new Item(id, "slow");
    }
}
