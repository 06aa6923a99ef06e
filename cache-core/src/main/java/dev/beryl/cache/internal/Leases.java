package dev.beryl.cache.internal;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
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
 * Waiters poll rather than subscribe. The pause before the next poll is a quarter of the time waited so far, from
 * {@value #FIRST_POLL_MILLIS} ms up to {@value #LAST_POLL_MILLIS} ms: a waiter sees a value at most a quarter of
 * the load's time (and at most {@value #LAST_POLL_MILLIS} ms) after it is stored, and a slow load costs at most
 * {@code 1000 / LAST_POLL_MILLIS} commands a second per waiting instance (one waiter per instance and key; its other
 * callers wait for it in memory). Doubling pauses, measured first, left waiters a third of a 50 ms load behind.
 */
final class Leases {

    static final long FIRST_POLL_MILLIS = 2;

    static final long LAST_POLL_MILLIS = 25;

    private final BackendCalls calls;

    private final EngineEvents events;

    private final long maxWaitNanos;

    private final Duration lease;

    /** The token of a refresh that needs no lease. */
    private static final String NO_LEASE = "";

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
        long started = System.nanoTime();
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
            Claim claim = answer(cache, key, found, token, deadline);
            if (claim != null) {
                return claim;
            }
            LockSupport.parkNanos(Math.min(deadline - System.nanoTime(), pause(started)));
        }
    }

    /** The pause before the next poll: a quarter of the time waited since {@code started}, within the bounds. */
    static long pause(long started) {
        long quarter = (System.nanoTime() - started) / 4;
        return Math.max(TimeUnit.MILLISECONDS.toNanos(FIRST_POLL_MILLIS),
                Math.min(TimeUnit.MILLISECONDS.toNanos(LAST_POLL_MILLIS), quarter));
    }

    /** How long a caller waits at most for another instance's load. */
    long maxWaitNanos() {
        return this.maxWaitNanos;
    }

    /**
     * {@link #claim} without blocking a thread: each poll is issued when the last one answered and the pause has
     * passed, and what follows runs on {@code executor}.
     */
    CompletableFuture<Claim> claimAsync(CacheDefinition cache, LeasingCacheBackend backend, String key,
            Executor executor) {
        return poll(cache, backend, key, UUID.randomUUID().toString(), System.nanoTime() + this.maxWaitNanos,
                System.nanoTime(), executor);
    }

    private CompletableFuture<Claim> poll(CacheDefinition cache, LeasingCacheBackend backend, String key,
            String token, long deadline, long started, Executor executor) {
        long budget = this.calls.budgetNanos(backend);
        CompletableFuture<LeaseLookup> issued;
        try {
            issued = this.calls.issue(backend, () -> backend.getOrLease(key, cache.storedType(), token, this.lease),
                    budget).copy().orTimeout(Math.max(1, budget), TimeUnit.NANOSECONDS);
        }
        catch (RuntimeException ex) {
            this.events.backendFailed(cache.name(), cache.backendName(), "lease " + key, ex);
            return CompletableFuture.completedFuture(Claim.UNREACHABLE);
        }
        return issued.handleAsync((found, failure) -> {
            if (failure != null) {
                this.events.backendFailed(cache.name(), cache.backendName(), "lease " + key,
                        AsyncLoads.asRuntime(failure));
                return CompletableFuture.completedFuture(Claim.UNREACHABLE);
            }
            Claim claim = answer(cache, key, found, token, deadline);
            if (claim != null) {
                return CompletableFuture.completedFuture(claim);
            }
            long left = deadline - System.nanoTime();
            Executor later = CompletableFuture.delayedExecutor(Math.min(left, pause(started)), TimeUnit.NANOSECONDS,
                    executor);
            return CompletableFuture.supplyAsync(() -> poll(cache, backend, key, token, deadline, started, executor),
                    later).thenCompose(Function.identity());
        }, executor).thenCompose(Function.identity());
    }

    /** What one answer of the backend means: a claim, or {@code null} to poll again. */
    private @Nullable Claim answer(CacheDefinition cache, String key, LeaseLookup found, String token,
            long deadline) {
        if (found.state() == LeaseLookup.State.HIT) {
            return new Claim(CacheLookup.hit(found.value()), null, false);
        }
        if (found.state() == LeaseLookup.State.ACQUIRED) {
            return new Claim(CacheLookup.miss(), token, false);
        }
        if (deadline - System.nanoTime() <= 0 || Thread.currentThread().isInterrupted()) {
            this.events.record("cache '" + cache.name() + "'", "wait for another instance's load of " + key,
                    new TimeoutException("the lease was still held after the single-flight max-wait; the method "
                            + "ran here without storing"));
            return Claim.GAVE_UP;
        }
        return null;
    }

    /**
     * Takes the refresh lease of a stale entry for a cache with {@code GLOBAL} single flight on a backend with
     * leases, so that one instance refreshes it.
     * @return the lease's token; a token that holds nothing where no lease is needed; or {@code null} if another
     * instance refreshes the entry (or the backend did not answer)
     */
    @Nullable String takeRefreshLease(CacheDefinition cache, String key) {
        if (!(cache.policy().globalFlight() && cache.backend() instanceof LeasingCacheBackend backend)) {
            return NO_LEASE;
        }
        String token = UUID.randomUUID().toString();
        long budget = this.calls.budgetNanos(backend);
        try {
            return Boolean.TRUE.equals(BackendCalls.await(this.calls.issue(backend,
                    () -> backend.tryRefreshLease(key, token, this.lease), budget), budget)) ? token : null;
        }
        catch (RuntimeException ex) {
            this.events.backendFailed(cache.name(), cache.backendName(), "lease the refresh of " + key, ex);
            return null;
        }
    }

    /** Gives a refresh lease up, in the background. */
    void releaseRefreshLease(CacheDefinition cache, String key, String token) {
        if (token == NO_LEASE || !(cache.backend() instanceof LeasingCacheBackend backend)) {
            return;
        }
        try {
            backend.releaseRefreshLease(key, token).whenComplete((done, failure) ->
                    this.events.failedInTheBackground(cache, "release the refresh lease of " + key, failure));
        }
        catch (RuntimeException ex) {
            this.events.failedInTheBackground(cache, "release the refresh lease of " + key, ex);
        }
    }

    /** {@link #store} without blocking. */
    CompletableFuture<Boolean> storeAsync(CacheDefinition cache, LeasingCacheBackend backend, String key,
            Lifetimes.Stored stored, Set<String> tags, String token, long budgetNanos) {
        long budget = Math.max(budgetNanos, this.calls.budgetNanos(backend));
        try {
            return this.calls.issue(backend,
                    () -> backend.setIfLeased(key, stored.value(), stored.ttl(), tags, token), budget)
                    .copy().orTimeout(Math.max(1, budget), TimeUnit.NANOSECONDS);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
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
