package dev.beryl.cache.spring.internal;

import org.jspecify.annotations.Nullable;

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

    /** Whole seconds until the entry expires, never negative. */
    long secondsLeft(long nowMillis) {
        return Math.max(0, (this.expiresAt - nowMillis) / 1000);
    }
}
