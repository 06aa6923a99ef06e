package dev.beryl.cache.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheLookup;

/**
 * How long each stored entry lives: its cache's ttl, shortened by a random part up to the jitter fraction so that
 * entries written together do not expire together; and, for a cache with stale windows, the
 * {@link StaleableEntry} that keeps the entry's freshness beside its value for the ttl plus the longest window.
 */
final class Lifetimes {

    private final double jitter;

    private final Clock clock;

    /**
     * @param jitter the largest fraction of the ttl taken off at random, from 0 to 0.5
     * @param clock the wall clock that freshness is kept on, shared by every instance
     */
    Lifetimes(double jitter, Clock clock) {
        this.jitter = jitter;
        this.clock = clock;
    }

    /** The milliseconds since the epoch now. */
    long now() {
        return this.clock.millis();
    }

    /** What to store for a value of a cache, and for how long. */
    Stored stored(CacheDefinition cache, @Nullable Object value) {
        Duration ttl = jittered(cache.ttl());
        if (!cache.stale()) {
            return new Stored(value, ttl);
        }
        long freshUntil = now() + ttl.toMillis();
        return new Stored(new StaleableEntry<>(value, freshUntil), ttl.plus(cache.policy().longestWindow()));
    }

    private Duration jittered(Duration ttl) {
        if (this.jitter == 0) {
            return ttl;
        }
        long nanos = saturatedNanos(ttl);
        long cut = (long) (nanos * this.jitter * ThreadLocalRandom.current().nextDouble());
        return Duration.ofNanos(Math.max(1_000_000, nanos - cut));
    }

    private static long saturatedNanos(Duration ttl) {
        try {
            return ttl.toNanos();
        }
        catch (ArithmeticException ex) {
            return Long.MAX_VALUE;
        }
    }

    /** How a stored value stands at a moment. */
    enum Age {

        /** Within its ttl. */
        FRESH,

        /** Past its ttl, within {@code staleWhileRevalidate}: served at once while it is refreshed. */
        REVALIDATE,

        /** Past its ttl and any {@code staleWhileRevalidate}, within {@code staleIfError}. */
        IF_ERROR,

        /** Past every window, or not an entry of this cache's shape: a miss. */
        EXPIRED
    }

    /** How an entry that a cache with stale windows holds stands now. */
    Age age(CacheDefinition cache, @Nullable Object stored) {
        if (!(stored instanceof StaleableEntry<?> entry)) {
            return Age.EXPIRED;
        }
        long late = now() - entry.freshUntil();
        if (late < 0) {
            return Age.FRESH;
        }
        EntryPolicy policy = cache.policy();
        if (late < policy.staleWhileRevalidate().toMillis()) {
            return Age.REVALIDATE;
        }
        return (late < policy.staleIfError().toMillis()) ? Age.IF_ERROR : Age.EXPIRED;
    }

    /** The value an entry of a cache with stale windows holds. */
    static @Nullable Object valueOf(@Nullable Object stored) {
        return (stored instanceof StaleableEntry<?> entry) ? entry.value() : null;
    }

    /**
     * A lookup as callers see it: for a cache with stale windows, the value of a fresh entry, and a miss for one
     * that is stale.
     */
    CacheLookup fresh(CacheDefinition cache, CacheLookup lookup) {
        if (!cache.stale() || !lookup.isHit()) {
            return lookup;
        }
        return (age(cache, lookup.value()) == Age.FRESH) ? CacheLookup.hit(valueOf(lookup.value()))
                : CacheLookup.miss();
    }

    /** A value to store and its time-to-live in the backend. */
    record Stored(@Nullable Object value, Duration ttl) {
    }
}
