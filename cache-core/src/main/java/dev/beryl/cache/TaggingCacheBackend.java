package dev.beryl.cache;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * A {@link CacheBackend} that can tag entries and remove every entry of a tag at once, in every cache it holds: what
 * {@code @Cached(tags = ...)} and {@code @CacheInvalidate(tags = ...)} need. The in-memory and Redis backends are
 * such backends; a custom one implements this interface to take part in tags.
 * <p>
 * A tag's bookkeeping must not outlive its entries, and an entry stored over another keeps the tags of the one it
 * replaces (for as long as the new entry lives), so that a put-through without tags is still removed by the tags
 * the value was first cached with.
 */
public interface TaggingCacheBackend extends CacheBackend {

    /**
     * Stores a value with tags: like {@link #set(String, Object, Duration)}, and the entry is also removed by
     * {@link #invalidateTag} of any of them, or of the tags of the entry it replaces.
     * @param tags full tag ids (see {@link Tags#id}); empty for none
     */
    CompletableFuture<Void> set(String key, @Nullable Object value, Duration ttl, Set<String> tags);

    /** Removes every entry stored with the tag, in every cache of this backend. */
    CompletableFuture<Void> invalidateTag(String tag);

    /** The synchronous form of {@link #set(String, Object, Duration, Set)}: by default waits for its future. */
    default void setSync(String key, @Nullable Object value, Duration ttl, Set<String> tags) {
        set(key, value, ttl, tags).join();
    }

    /**
     * Stores with tags on a backend that has them, without on any other; a backend without tags asked to store
     * some fails the future.
     */
    static CompletableFuture<Void> set(CacheBackend backend, String key, @Nullable Object value, Duration ttl,
            Set<String> tags) {
        if (backend instanceof TaggingCacheBackend tagging) {
            return tagging.set(key, value, ttl, tags);
        }
        return tags.isEmpty() ? backend.set(key, value, ttl) : CompletableFuture.failedFuture(notTagging(backend));
    }

    /** The synchronous form of {@link #set(CacheBackend, String, Object, Duration, Set)}. */
    static void setSync(CacheBackend backend, String key, @Nullable Object value, Duration ttl, Set<String> tags) {
        if (backend instanceof TaggingCacheBackend tagging) {
            tagging.setSync(key, value, ttl, tags);
        }
        else if (tags.isEmpty()) {
            backend.setSync(key, value, ttl);
        }
        else {
            throw notTagging(backend);
        }
    }

    /** Removes every entry of a tag from a backend that has tags; fails the future of any other. */
    static CompletableFuture<Void> invalidateTag(CacheBackend backend, String tag) {
        return (backend instanceof TaggingCacheBackend tagging) ? tagging.invalidateTag(tag)
                : CompletableFuture.failedFuture(notTagging(backend));
    }

    private static UnsupportedOperationException notTagging(CacheBackend backend) {
        return new UnsupportedOperationException(backend.getClass().getName()
                + " does not support tags; implement TaggingCacheBackend to store and invalidate tags");
    }
}
