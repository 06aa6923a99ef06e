package dev.beryl.cache.spring.internal;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

import dev.beryl.cache.internal.CacheDefinition;

/**
 * What a cached HTTP handler's entry holds besides the handler's value: the strong {@code ETag} computed when the
 * entry was stored, and when the entry expires, for the {@code ttl} of {@code Cache-Status}. Stored as JSON on Redis:
 * {@code {"value":...,"etag":"\"...\"","expiresAt":...}}.
 *
 * @param value what the handler returned
 * @param etag the entity tag, quotes included, or {@code null} when none applies
 * @param expiresAt when the entry expires, in milliseconds since the epoch
 * @param <T> the handler's return type
 */
public record CachedResponse<T>(@Nullable T value, @Nullable String etag, long expiresAt) {

    /**
     * The value as a cache of handler responses holds it: wrapped, without an entity tag, where the cache's entries
     * are {@code CachedResponse}s; else itself. For values that reach such a cache by put-through or the API.
     */
    static @Nullable Object wrapFor(CacheDefinition cache, @Nullable Object value) {
        if (value == null || value instanceof CachedResponse<?> || !holdsResponses(cache)) {
            return value;
        }
        return new CachedResponse<>(value, null, System.currentTimeMillis() + cache.ttl().toMillis());
    }

    /** {@code CachedResponse<T>} for a value type {@code T}, a primitive boxed. */
    static Type typeOf(Type valueType) {
        ResolvableType value = ResolvableType.forType(valueType);
        Class<?> resolved = value.resolve();
        if (resolved != null && resolved.isPrimitive()) {
            value = ResolvableType.forClass(ClassUtils.resolvePrimitiveIfNecessary(resolved));
        }
        return ResolvableType.forClassWithGenerics(CachedResponse.class, value).getType();
    }

    /** Whether a cache's entries are {@code CachedResponse}s. */
    static boolean holdsResponses(CacheDefinition cache) {
        return cache.valueType() instanceof ParameterizedType type && type.getRawType() == CachedResponse.class;
    }

    /**
     * Whole seconds until the entry's ttl ends: negative for a stale entry that a stale window serves, as RFC 9211's
     * {@code ttl} says of a stale response.
     */
    long secondsLeft(long nowMillis) {
        return (this.expiresAt - nowMillis) / 1000;
    }
}
