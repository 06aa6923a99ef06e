package dev.beryl.cache;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.internal.ControlCharacters;

/**
 * Something that happened in a cache, as {@link CacheEventListener}s see it.
 *
 * @param kind what happened
 * @param cache the cache name, or {@code null} for a tag invalidation, which spans caches
 * @param key the full key; for {@link Kind#CLEAR} the cache's namespace, for {@link Kind#INVALIDATE_TAG} the tag
 * @param backend the name of the backend
 * @param duration how long the backend took (for {@code HIT}, {@code MISS}, {@code PUT}, invalidations) or the
 * method took (for {@code LOAD}); {@link Duration#ZERO} where it does not apply
 * @param failure what went wrong, for {@link Kind#ERROR}
 */
public record CacheEvent(Kind kind, @Nullable String cache, String key, String backend, Duration duration,
        @Nullable Throwable failure) {

    /** The event for a log line: every part but the failure's stack, control characters escaped. */
    @Override
    public String toString() {
        return "CacheEvent[kind=" + this.kind + ", cache=" + escape(this.cache) + ", key=" + escape(this.key)
                + ", backend=" + escape(this.backend) + ", duration=" + this.duration + ", failure="
                + escape((this.failure != null) ? this.failure.toString() : null) + "]";
    }

    private static @Nullable String escape(@Nullable String text) {
        return (text != null) ? ControlCharacters.escape(text) : null;
    }

    /** The kinds of events. */
    public enum Kind {

        /** A lookup found the key. */
        HIT,

        /** A lookup did not find the key. */
        MISS,

        /** The method ran to fill a miss. */
        LOAD,

        /** A value was stored. */
        PUT,

        /** A key was removed. */
        INVALIDATE,

        /** Every entry carrying a tag was removed. */
        INVALIDATE_TAG,

        /** Every entry of a cache was removed. */
        CLEAR,

        /** A backend failed; the call went on without the cache (or failed, when fail-open is off). */
        ERROR
    }
}
