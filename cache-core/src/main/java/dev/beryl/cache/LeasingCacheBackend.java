package dev.beryl.cache;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * A {@link TaggingCacheBackend} shared by many application instances that can hand out leases: what
 * {@code @Cached(singleFlight = SingleFlight.GLOBAL)} needs so that one instance in the whole fleet loads a key while
 * the others wait for its value. The Redis backend is one; on any other backend {@code GLOBAL} behaves as
 * {@code LOCAL}.
 * <p>
 * A lease is a placeholder stored under the entry's own key: readers see it as a miss (plain {@link #get} returns a
 * miss for it), an invalidation's delete removes it, and the holder's store happens only while the placeholder is
 * still its own, so that a load that an invalidation or a put overtook never stores its older value.
 */
public interface LeasingCacheBackend extends TaggingCacheBackend {

    /**
     * Looks a key up and, when nothing is stored under it, takes a lease on it, in one atomic step.
     * @param token this load's token, unique across instances
     * @param lease how long the lease holds if its holder never stores nor releases it
     * @return a hit, the lease taken by this call, or the lease of another load that holds the key
     */
    CompletableFuture<LeaseLookup> getOrLease(String key, Type valueType, String token, Duration lease);

    /**
     * Stores a value with tags, like {@link #set(String, Object, Duration, Set)}, only if the key still holds the
     * lease {@code token}: not after an invalidation, a put, or the lease's expiry.
     * @return whether the value was stored
     */
    CompletableFuture<Boolean> setIfLeased(String key, @Nullable Object value, Duration ttl, Set<String> tags,
            String token);

    /** Gives a lease up, if the key still holds it, so that waiting loads need not wait for it to expire. */
    CompletableFuture<Void> releaseLease(String key, String token);

    /**
     * Takes a lease that stands beside the entry rather than in its place, so that the entry stays readable: one
     * instance refreshes a stale entry while the others keep serving it.
     * @return whether this call took the lease
     */
    CompletableFuture<Boolean> tryRefreshLease(String key, String token, Duration lease);

    /** Gives a refresh lease up, if it is still {@code token}'s. */
    CompletableFuture<Void> releaseRefreshLease(String key, String token);
}
