package dev.beryl.cache;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Where cached values live: the in-memory store, Redis, or a store of your own.
 * <p>
 * A backend sees full keys ({@code {key-prefix}:{name}:{part}}, e.g. {@code beryl:products:42}) and stores values
 * with a time-to-live. A custom backend implements {@link #get}, {@link #set} and {@link #delete}; the engine waits
 * for their futures at most {@code beryl.cache.timeout} (see {@link #ownTimeout()}).
 * <p>
 * Backends that can tag entries, and remove every entry of a tag, implement {@link TaggingCacheBackend}.
 * <p>
 * Implementations must be thread-safe. A backend that fails may throw or complete its future exceptionally: the
 * engine then runs the cached method as if nothing were cached (fail-open), so a backend never needs to hide its
 * own errors.
 */
public interface CacheBackend {

    /**
     * Looks a key up.
     * @param key the full key
     * @param valueType the generic type of the value, usually the cached method's generic return type, so that a
     * backend that stores bytes can decode without type information in the stored data
     * @return a future of a {@linkplain CacheLookup#hit hit} or a {@linkplain CacheLookup#miss miss}
     */
    CompletableFuture<CacheLookup> get(String key, Type valueType);

    /**
     * Stores a value, which may be {@code null}, under a key for the given time-to-live, replacing what was there.
     * @param ttl a positive time-to-live; the entry must never be returned once it has passed
     */
    CompletableFuture<Void> set(String key, @Nullable Object value, Duration ttl);

    /** Removes a key; removing a key that is absent is not an error. */
    CompletableFuture<Void> delete(String key);

    /**
     * Removes every entry of one cache: every key that starts with {@code namespace + ":"}, where the namespace is
     * {@code {key-prefix}:{name}}. Backends that cannot enumerate their keys may leave this unsupported.
     */
    default CompletableFuture<Void> clear(String namespace) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                getClass().getName() + " does not support clearing a cache; override CacheBackend.clear(String)"));
    }

    /**
     * Whether this backend can tag entries: whether it is a {@link TaggingCacheBackend}. Derived from the type; a
     * backend that supports tags implements that interface rather than overriding this.
     */
    default boolean supportsTags() {
        return this instanceof TaggingCacheBackend;
    }

    /**
     * Checks, once per cached method when the application starts, that values of the method's return type can be
     * stored and read back as that type. A backend that stores bytes without type information cannot restore a
     * value declared as {@code Object} or as an interface of its own, for example. Accepts every type by default.
     * @throws IllegalArgumentException saying why values of this type cannot be cached here
     */
    default void checkValueType(Type valueType) {
    }

    /**
     * How long one operation of this backend may keep its caller waiting before it fails by itself, for a backend
     * that bounds its own operations (the Redis backend does, with its command timeout), or {@code null} for one
     * that does not. The engine calls the synchronous methods only of backends that bound themselves. The operations
     * of any other it issues from a small pool of its own threads and waits for their futures at most
     * {@code beryl.cache.timeout}, then goes on without the cache: a future that never completes, or a thread
     * blocked inside {@link #get}, {@link #set} or {@link #delete}, holds up a pool thread, not the call. Blocking
     * still costs: while every pool thread is held up, further operations are refused and calls run uncached.
     */
    default @Nullable Duration ownTimeout() {
        return null;
    }

    /** The synchronous form of {@link #get}: by default waits for its future. */
    default CacheLookup getSync(String key, Type valueType) {
        return get(key, valueType).join();
    }

    /** The synchronous form of {@link #set}: by default waits for its future. */
    default void setSync(String key, @Nullable Object value, Duration ttl) {
        set(key, value, ttl).join();
    }

    /** The synchronous form of {@link #delete}: by default waits for its future. */
    default void deleteSync(String key) {
        delete(key).join();
    }
}
