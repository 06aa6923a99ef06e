package dev.beryl.cache.spring;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

import dev.beryl.cache.CacheLookup;

/**
 * The caches, for code that cannot use annotations. Names and keys resolve exactly as the annotations resolve them:
 * a key is rendered as the value of a {@code key} expression is, which is also the default key of a method with
 * that one argument ({@code 42}, {@code "sku-1"}, or a digest), so {@code invalidate("products", 42L)} removes what
 * {@code @Cached(name = "products", key = "#id")} stored for {@code id} 42. A cache that annotated methods fill
 * keeps their backend, ttl and value type; any other name lives on the default backend with the default ttl.
 *
 * <pre>{@code
 * Product product = caches.getOrLoad("products", id, Product.class, Duration.ofMinutes(5),
 *         () -> repository.find(id));
 * caches.invalidateTag("product:" + id);
 * }</pre>
 *
 * Failures of a backend are handled as for annotations: the call goes on without the cache, unless
 * {@code beryl.cache.fail-open} is {@code false}. A name that cannot name a cache (null, blank, with {@code :} or a
 * control character, or too long for keys of at most 512 bytes) is an {@link IllegalArgumentException} that says
 * why; keys are made as for annotations, so a long or unprintable key becomes a digest.
 * <p>
 * The auto-configuration defines a bean of this type unless the application defines its own.
 */
public interface CacheOperations {

    /** Looks a key up, reading the value as {@code type}. */
    CacheLookup get(String name, Object key, Type type);

    /** The cached value, or {@code null} on a miss (and for a cached {@code null}); use {@link #get} to tell. */
    @SuppressWarnings("unchecked")
    default <T> @Nullable T find(String name, Object key, Class<T> type) {
        CacheLookup lookup = get(name, key, type);
        return lookup.isHit() ? (T) ClassUtils.resolvePrimitiveIfNecessary(type).cast(lookup.value()) : null;
    }

    /** Stores a value with the cache's ttl. */
    default void put(String name, Object key, @Nullable Object value) {
        put(name, key, value, null);
    }

    /**
     * Stores a value. A {@code null} value is stored only in a cache whose annotated methods store {@code null}
     * ({@code cacheNull = true}); in any other it removes the key instead, as a {@code null} result leaves no entry.
     * @param ttl how long it lives, or {@code null} for the cache's ttl
     * @param tags tags, as in {@code @Cached(tags = ...)}: {@code "product:42"}
     */
    void put(String name, Object key, @Nullable Object value, @Nullable Duration ttl, String... tags);

    /** Removes one key of a cache. */
    void invalidate(String name, Object key);

    /** Removes every entry that carries the tag, in every cache and every backend with tags. */
    void invalidateTag(String tag);

    /** Removes every entry of a cache. */
    void clear(String name);

    /**
     * Returns the cached value, or runs the loader once for all concurrent callers of the same key, stores its
     * result and returns it; a {@code null} result is stored only in a cache with {@code cacheNull = true}. The
     * loader's exceptions reach the caller unchanged and are not cached.
     * @param ttl how long the value lives, or {@code null} for the cache's ttl
     */
    <T> @Nullable T getOrLoad(String name, Object key, Class<T> type, @Nullable Duration ttl,
            Callable<? extends T> loader) throws Exception;
}
