package dev.beryl.cache.spring.internal;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.internal.AsyncMissHandler;
import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.internal.KeyRenderer;

/**
 * One Beryl cache behind Spring's {@link Cache} API, for {@code @Cacheable}, {@code @CachePut} and
 * {@code @CacheEvict}: keys are rendered as Beryl renders a key expression's value ({@code @Cacheable("legacy")} on
 * {@code legacy(long id)} stores {@code beryl:legacy:5}), {@code get(key, Callable)} ({@code sync = true}) and
 * {@code retrieve(key, loader)} load once per key for all concurrent callers, and a failing backend is a miss.
 * {@code null} values are stored, as Spring's caches do by default.
 */
final class SpringCacheAdapter implements Cache {

    private final CacheDefinition cache;

    private final CacheEngine engine;

    private final KeyRenderer keys;

    SpringCacheAdapter(CacheDefinition cache, CacheEngine engine, KeyRenderer keys) {
        this.cache = cache;
        this.engine = engine;
        this.keys = keys;
    }

    @Override
    public String getName() {
        return this.cache.name();
    }

    @Override
    public Object getNativeCache() {
        return this.cache.backend();
    }

    private String key(Object key) {
        return this.keys.keyOfValue(this.cache.namespace(), key);
    }

    @Override
    public @Nullable ValueWrapper get(Object key) {
        CacheLookup lookup = this.engine.lookup(this.cache, key(key));
        return lookup.isHit() ? new SimpleValueWrapper(lookup.value()) : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
        CacheLookup lookup = this.engine.lookup(this.cache, key(key));
        Object value = lookup.isHit() ? lookup.value() : null;
        if (value != null && type != null && !type.isInstance(value)) {
            throw new IllegalStateException("Cached value is not of required type [" + type.getName() + "]: "
                    + value);
        }
        return (T) value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
        try {
            return (T) this.engine.getOrLoad(this.cache, key(key), valueLoader::call);
        }
        catch (Throwable ex) {
            throw new ValueRetrievalException(key, valueLoader, ex);
        }
    }

    @Override
    public @Nullable CompletableFuture<?> retrieve(Object key) {
        CacheLookup lookup = this.engine.lookup(this.cache, key(key));
        return lookup.isHit() ? CompletableFuture.completedFuture(new SimpleValueWrapper(lookup.value())) : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
        return (CompletableFuture<T>) this.engine.getAsync(this.cache, key(key), valueLoader,
                (AsyncMissHandler<Supplier<CompletableFuture<T>>>) Supplier::get);
    }

    @Override
    public void put(Object key, @Nullable Object value) {
        this.engine.put(this.cache, key(key), value, Set.of());
    }

    @Override
    public void evict(Object key) {
        this.engine.invalidate(this.cache, key(key));
    }

    @Override
    public void clear() {
        this.engine.clear(this.cache);
    }
}
