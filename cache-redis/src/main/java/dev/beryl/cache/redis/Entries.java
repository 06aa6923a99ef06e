package dev.beryl.cache.redis;

import java.lang.reflect.Type;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheLookup;

/**
 * The plain reads and writes of entries, outside leases: a {@code GET} whose bytes are decoded by
 * {@link StoredValues} off Lettuce's event loop (nothing, or a lease's placeholder, is a miss; an entry that cannot be
 * decoded is a miss, and is deleted); a value encoded and stored with its tags by {@link TagIndex}, or, when it is too
 * large to store, the entry it would have replaced deleted; an entry deleted with its list of tags.
 */
final class Entries {

    private final CommandGateway redis;

    private final TagIndex tags;

    private final StoredValues values;

    Entries(CommandGateway redis, TagIndex tags, StoredValues values) {
        this.redis = redis;
        this.tags = tags;
        this.values = values;
    }

    /** Decodes on one of the backend's workers. */
    CompletableFuture<CacheLookup> get(String key, Type valueType) {
        return fetch(key).thenApplyAsync((bytes) -> decode(key, bytes, valueType), this.redis.executor());
    }

    /** Waits for the bytes (one command: the whole timeout), then decodes them on the caller's thread. */
    CacheLookup getSync(String key, Type valueType) {
        return decode(key, this.redis.await(fetch(key)), valueType);
    }

    CompletableFuture<Void> set(String key, @Nullable Object value, long ttlMillis, Set<String> tags) {
        byte @Nullable [] bytes = this.values.encode(key, value);
        // A value too large to store still replaces what was there: the older entry must not outlive a put.
        return (bytes != null) ? this.tags.store(key, bytes, ttlMillis, tags) : delete(key);
    }

    /** Encodes the value on the caller's thread, then waits for Redis to store it. */
    void setSync(String key, @Nullable Object value, long ttlMillis, Set<String> tags) {
        byte @Nullable [] bytes = this.values.encode(key, value);
        long started = System.nanoTime();
        this.redis.await((bytes != null) ? this.tags.store(key, bytes, ttlMillis, tags) : delete(key), started);
    }

    /** Removes a key, and the list of its tags. */
    CompletableFuture<Void> delete(String key) {
        String tagsKey = EntryTags.key(key);
        return CompletableFuture.allOf(this.redis.call("UNLINK", key, (commands) -> commands.unlink(key)),
                this.redis.call("UNLINK", tagsKey, (commands) -> commands.unlink(tagsKey)));
    }

    void deleteSync(String key) {
        long started = System.nanoTime();
        this.redis.await(delete(key), started);
    }

    private CompletableFuture<byte @Nullable []> fetch(String key) {
        return this.redis.call("GET", key, (commands) -> commands.get(key));
    }

    /** Nothing, or a lease's placeholder, is a miss; an entry that cannot be decoded is a miss and is deleted. */
    private CacheLookup decode(String key, byte @Nullable [] bytes, Type valueType) {
        CacheLookup lookup = (bytes != null) ? this.values.decode(key, bytes, valueType) : CacheLookup.miss();
        if (lookup == null) {
            this.redis.call("UNLINK", key, (commands) -> commands.unlink(key));
            return CacheLookup.miss();
        }
        return lookup;
    }
}
