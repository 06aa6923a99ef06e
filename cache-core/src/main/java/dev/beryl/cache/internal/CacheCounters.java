package dev.beryl.cache.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to one cache since the application started: lookups that hit and missed, loads (calls of the
 * method) that succeeded and failed with their time, stores, and removals. Counted by the engine on every call, at
 * the cost of an uncontended add, and read by metrics.
 */
public final class CacheCounters {

    private final LongAdder hits = new LongAdder();

    private final LongAdder misses = new LongAdder();

    private final LongAdder puts = new LongAdder();

    private final LongAdder removals = new LongAdder();

    private final LongAdder loadSuccesses = new LongAdder();

    private final LongAdder loadSuccessNanos = new LongAdder();

    private final LongAdder loadFailures = new LongAdder();

    private final LongAdder loadFailureNanos = new LongAdder();

    private final LongAdder staleServed = new LongAdder();

    private final LongAdder refreshFailures = new LongAdder();

    void hit() {
        this.hits.increment();
    }

    void miss() {
        this.misses.increment();
    }

    void put() {
        this.puts.increment();
    }

    void removal() {
        this.removals.increment();
    }

    void loaded(boolean success, long nanos) {
        if (success) {
            this.loadSuccesses.increment();
            this.loadSuccessNanos.add(nanos);
        }
        else {
            this.loadFailures.increment();
            this.loadFailureNanos.add(nanos);
        }
    }

    void servedStale() {
        this.staleServed.increment();
    }

    void failedRefresh() {
        this.refreshFailures.increment();
    }

    /**
     * Calls answered with an entry past its ttl: within {@code staleWhileRevalidate}, or within
     * {@code staleIfError} when the method threw.
     */
    public long staleServed() {
        return this.staleServed.sum();
    }

    /** Background refreshes of stale entries whose method threw, leaving the stale value in place. */
    public long refreshFailures() {
        return this.refreshFailures.sum();
    }

    /** Lookups that found their key. */
    public long hits() {
        return this.hits.sum();
    }

    /** Lookups that did not find their key. */
    public long misses() {
        return this.misses.sum();
    }

    /** Values stored, by a miss, a put-through or the API. */
    public long puts() {
        return this.puts.sum();
    }

    /** Invalidations of a key and clears of the cache. */
    public long removals() {
        return this.removals.sum();
    }

    /** Loads whose method returned (or whose future or publisher completed) normally. */
    public long loadSuccesses() {
        return this.loadSuccesses.sum();
    }

    /** The time that successful loads took, in nanoseconds. */
    public long loadSuccessNanos() {
        return this.loadSuccessNanos.sum();
    }

    /** Loads whose method threw (or whose future or publisher failed). */
    public long loadFailures() {
        return this.loadFailures.sum();
    }

    /** The time that failed loads took, in nanoseconds. */
    public long loadFailureNanos() {
        return this.loadFailureNanos.sum();
    }
}
