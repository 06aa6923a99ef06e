package dev.beryl.cache.examples;

import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheLookup;

/**
 * A custom backend in a few lines: a map of values with their expiry time. It shows what a backend must do
 * (get, set with a time-to-live, delete) and is registered as the bean {@code reviewsBackend}, so that
 * {@code @Cached(backend = "reviewsBackend")} stores there. A real one would talk to its own store; unlike the
 * built-in in-memory backend, this map has no size bound.
 */
public class SimpleMapCacheBackend implements CacheBackend {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private final Clock clock;

    public SimpleMapCacheBackend(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletableFuture<CacheLookup> get(String key, Type valueType) {
        Entry entry = this.entries.get(key);
        if (entry == null || !this.clock.instant().isBefore(entry.expiresAt())) {
            return CompletableFuture.completedFuture(CacheLookup.miss());
        }
        return CompletableFuture.completedFuture(CacheLookup.hit(entry.value()));
    }

    @Override
    public CompletableFuture<Void> set(String key, Object value, Duration ttl) {
        this.entries.put(key, new Entry(value, this.clock.instant().plus(ttl)));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
        this.entries.remove(key);
        return CompletableFuture.completedFuture(null);
    }

    /** Whether a key holds a live entry, for the catalogue's tests. */
    public boolean contains(String key) {
        return get(key, Object.class).join().isHit();
    }

    private record Entry(Object value, Instant expiresAt) {
    }
}
