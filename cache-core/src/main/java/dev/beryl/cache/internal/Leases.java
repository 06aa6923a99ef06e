package dev.beryl.cache.internal;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.LeaseLookup;
import dev.beryl.cache.LeasingCacheBackend;

/**
 * Single flight across instances ({@code singleFlight = GLOBAL}) on a {@link LeasingCacheBackend}: the first
 * instance to miss a key takes a lease on it and loads; the others poll the key until its value is there, the
 * lease is gone (its holder died, or an invalidation voided it: they then take it themselves) or the longest wait
 * has passed (they then run the method without storing). The holder stores only while its lease holds.
 * <p>
 * Waiters poll rather than subscribe: a poll starts after {@value #FIRST_POLL_MILLIS} ms and backs off to
 * {@value #LAST_POLL_MILLIS} ms, so that a fast load is seen soon and a slow one costs a few commands a second per
 * waiting instance (one waiting thread per instance and key; its other callers wait for it in memory).
 */
final class Leases {

    static final long FIRST_POLL_MILLIS = 5;

    static final long LAST_POLL_MILLIS = 100;

    private final BackendCalls calls;

    private final EngineEvents events;

    private final long maxWaitNanos;

    private final Duration lease;

    Leases(BackendCalls calls, EngineEvents events, long maxWaitNanos, Duration lease) {
        this.calls = calls;
        this.events = events;
        this.maxWaitNanos = maxWaitNanos;
        this.lease = lease;
    }

    /** How long a lease holds when its holder neither stores nor gives it up. */
    Duration lease() {
        return this.lease;
    }

    /**
     * Looks a key up and takes its lease when it is absent, waiting while another instance holds it.
     * @return what was found, with the lease's token when this call holds it
     */
    Claim claim(CacheDefinition cache, LeasingCacheBackend backend, String key) {
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + this.maxWaitNanos;
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            LeaseLookup found;
            try {
                long budget = this.calls.budgetNanos(backend);
                found = BackendCalls.await(this.calls.issue(backend,
                        () -> backend.getOrLease(key, cache.storedType(), token, this.lease), budget), budget);
            }
            catch (RuntimeException ex) {
                this.events.backendFailed(cache.name(), cache.backendName(), "lease " + key, ex);
                return Claim.UNREACHABLE;
            }
            if (found.state() == LeaseLookup.State.HIT) {
                return new Claim(CacheLookup.hit(found.value()), null, false);
            }
            if (found.state() == LeaseLookup.State.ACQUIRED) {
                return new Claim(CacheLookup.miss(), token, false);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                this.events.record("cache '" + cache.name() + "'", "wait for another instance's load of " + key,
                        new java.util.concurrent.TimeoutException("the lease was still held after the single-flight "
                                + "max-wait; the method ran here without storing"));
                return Claim.GAVE_UP;
            }
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(pause)));
            pause = Math.min(LAST_POLL_MILLIS, pause * 2);
        }
    }

    /** Stores a loaded value if the lease still holds; whether it was stored. */
    boolean store(CacheDefinition cache, LeasingCacheBackend backend, String key, Lifetimes.Stored stored,
            Set<String> tags, String token, long budgetNanos) {
        return Boolean.TRUE.equals(BackendCalls.await(this.calls.issue(backend,
                () -> backend.setIfLeased(key, stored.value(), stored.ttl(), tags, token), budgetNanos),
                Math.max(budgetNanos, this.calls.budgetNanos(backend))));
    }

    /** Gives a lease up, in the background, so that the instances waiting for it go on at once. */
    void release(CacheDefinition cache, LeasingCacheBackend backend, String key, String token) {
        try {
            backend.releaseLease(key, token).whenComplete((done, failure) ->
                    this.events.failedInTheBackground(cache, "release the lease of " + key, failure));
        }
        catch (RuntimeException ex) {
            this.events.failedInTheBackground(cache, "release the lease of " + key, ex);
        }
    }

    /**
     * What a claim found.
     * @param found a hit, or a miss
     * @param token the lease's token when this call holds it, else {@code null}
     * @param unreachable whether the backend failed, so that nothing is stored into it
     */
    record Claim(CacheLookup found, @Nullable String token, boolean unreachable) {

        static final Claim UNREACHABLE = new Claim(CacheLookup.miss(), null, true);

        /** The wait ended with the lease still held elsewhere: load without storing. */
        static final Claim GAVE_UP = new Claim(CacheLookup.miss(), null, true);
    }
}
