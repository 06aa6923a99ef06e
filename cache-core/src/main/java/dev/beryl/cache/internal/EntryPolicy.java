package dev.beryl.cache.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * How a cache's entries age and load beyond their ttl: the windows after it in which a stale entry is still served,
 * and whether concurrent misses load once in the whole fleet.
 *
 * @param staleWhileRevalidate after the ttl, for this long, a call gets the stale value at once and the entry is
 * refreshed in the background; zero for none
 * @param staleIfError after the ttl, for this long, a call whose method throws gets the stale value instead; zero
 * for none
 * @param globalFlight whether a miss takes a lease on a backend that has them, so that one load runs per key across
 * every instance that shares it
 */
public record EntryPolicy(Duration staleWhileRevalidate, Duration staleIfError, boolean globalFlight) {

    /** Entries expire with their ttl, and each instance loads for itself. */
    public static final EntryPolicy NONE = new EntryPolicy(Duration.ZERO, Duration.ZERO, false);

    public EntryPolicy {
        Objects.requireNonNull(staleWhileRevalidate, "staleWhileRevalidate");
        Objects.requireNonNull(staleIfError, "staleIfError");
        if (staleWhileRevalidate.isNegative() || staleIfError.isNegative()) {
            throw new IllegalArgumentException("stale windows must not be negative, were " + staleWhileRevalidate
                    + " and " + staleIfError);
        }
    }

    /** Whether entries outlive their ttl for a stale window, kept in a {@link StaleableEntry}. */
    public boolean stale() {
        return !this.staleWhileRevalidate.isZero() || !this.staleIfError.isZero();
    }

    /** The longest stale window, for which an entry stays in its backend after its ttl. */
    public Duration longestWindow() {
        return (this.staleWhileRevalidate.compareTo(this.staleIfError) >= 0) ? this.staleWhileRevalidate
                : this.staleIfError;
    }
}
