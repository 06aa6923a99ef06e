package dev.beryl.cache.spring.internal;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.internal.KeyRenderer;
import dev.beryl.cache.spring.CacheOperations;

/**
 * {@link CacheOperations} on the engine: a name becomes a cache of the {@link CacheCatalogue}, a key is rendered as
 * a key expression's value is, by the renderer that the annotations' keys use.
 */
public final class EngineCacheOperations implements CacheOperations {

    private final CacheEngine engine;

    private final CacheCatalogue caches;

    private final KeyRenderer keys;

    /**
     * @param caches the caches that annotated methods fill, and the defaults for any other name
     * @param keys the renderer of the annotations' keys
     */
    public EngineCacheOperations(CacheEngine engine, CacheCatalogue caches, KeyRenderer keys) {
        this.engine = engine;
        this.caches = caches;
        this.keys = keys;
    }

    @Override
    public CacheLookup get(String name, Object key, Type type) {
        CacheDefinition cache = this.caches.cache(name, null, type);
        CacheLookup lookup = this.engine.lookup(cache, this.keys.keyOfValue(cache.namespace(), key));
        return (lookup.isHit() && lookup.value() instanceof CachedResponse<?> response)
                ? CacheLookup.hit(response.value()) : lookup;
    }

    @Override
    public void put(String name, Object key, @Nullable Object value, @Nullable Duration ttl, String... tags) {
        CacheDefinition cache = this.caches.cache(name, ttl, (value != null) ? value.getClass() : Object.class);
        String fullKey = this.keys.keyOfValue(cache.namespace(), key);
        if (value == null && !cache.cacheNull()) {
            this.engine.invalidate(cache, fullKey);
            return;
        }
        this.engine.put(cache, fullKey, CachedResponse.wrapFor(cache, value), tagIds(tags));
    }

    @Override
    public void invalidate(String name, Object key) {
        CacheDefinition cache = this.caches.cache(name, null, Object.class);
        RequestScope scope = this.caches.scopeOf(cache.name());
        if (scope != null && scope.perRequest()) {
            // Every user's and every header value's entry of the key.
            PutOperation.invalidate(this.engine, cache, scope, this.keys.ofValue(key));
            return;
        }
        this.engine.invalidate(cache, this.keys.keyOfValue(cache.namespace(), key));
    }

    @Override
    public void invalidateTag(String tag) {
        this.caches.taggingBackends().invalidate(this.engine, this.caches.tagId(tag));
    }

    @Override
    public void clear(String name) {
        this.engine.clear(this.caches.cache(name, null, Object.class));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T getOrLoad(String name, Object key, Class<T> type, @Nullable Duration ttl,
            Callable<? extends T> loader) throws Exception {
        CacheDefinition cache = this.caches.cache(name, ttl, type);
        try {
            return (T) HttpCaching.unwrap(this.engine.getOrLoad(cache, this.keys.keyOfValue(cache.namespace(), key),
                    () -> CachedResponse.wrapFor(cache, loader.call())));
        }
        catch (Exception | Error ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw new IllegalStateException(ex);
        }
    }

    private Set<String> tagIds(String... tags) {
        if (tags.length == 0) {
            return Set.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String tag : tags) {
            ids.add(this.caches.tagId(tag));
        }
        return ids;
    }
}
