package dev.beryl.cache.spring.internal;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.spring.CacheOperations;

/**
 * {@link CacheOperations} with caching switched off ({@code beryl.cache.enabled=false}): nothing is found, nothing
 * is stored, and every load runs, so that code which uses the API works the same, only uncached.
 */
public final class DisabledCacheOperations implements CacheOperations {

    @Override
    public CacheLookup get(String name, Object key, Type type) {
        return CacheLookup.miss();
    }

    @Override
    public void put(String name, Object key, @Nullable Object value, @Nullable Duration ttl, String... tags) {
    }

    @Override
    public void invalidate(String name, Object key) {
    }

    @Override
    public void invalidateTag(String tag) {
    }

    @Override
    public void clear(String name) {
    }

    @Override
    public <T> @Nullable T getOrLoad(String name, Object key, Class<T> type, @Nullable Duration ttl,
            Callable<? extends T> loader) throws Exception {
        return loader.call();
    }
}
