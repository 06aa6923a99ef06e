package dev.beryl.cache.internal;

import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheEvent.Kind;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.LeasingCacheBackend;
import dev.beryl.cache.internal.SingleFlight.Flight;
import dev.beryl.cache.memory.InMemoryCacheBackend;

/**
 * The cached calls of methods that return a future or a publisher: the same lookup, single flight, store and
 * events as {@link CacheEngine#get}, without blocking any thread.
 * <ul>
 * <li>The in-memory backend answers inline: a hit is a future that is already complete.</li>
 * <li>Any other backend is called through its asynchronous methods, bounded by the same budget as a synchronous
 * call (its own timeout, or the engine's); a backend that fails or runs out of time is a miss, as for
 * synchronous calls. What follows its answer (the method after a miss, the caller's own continuations) runs on
 * the engine's continuation executor, never on the backend's I/O threads.</li>
 * <li>Concurrent misses of one key share one call of the method. Callers that join it wait without a thread,
 * each with a future of its own, so that one that is cancelled cancels nothing for the others; after the longest
 * wait, or when the shared call fails, each calls the method itself.</li>
 * </ul>
 * What follows the method's future, the store under the flight's fence and the end of the flight, is
 * {@link AsyncStores}.
 */
final class AsyncLoads {

    private final SingleFlight flights;

    private final BackendCalls calls;

    private final PendingInvalidations pending;

    private final EngineEvents events;

    private final ContinuationPool continuations;

    private final LoadObserver loadObserver;

    private final Lifetimes lifetimes;

    private final Refreshes refreshes;

    private final Leases leases;

    private final AsyncStores stores;

    AsyncLoads(SingleFlight flights, BackendCalls calls, RemoteStore remote, PendingInvalidations pending,
            EngineEvents events, ContinuationPool continuations, LoadObserver loadObserver, Lifetimes lifetimes,
            Refreshes refreshes, Leases leases) {
        this.loadObserver = loadObserver;
        this.lifetimes = lifetimes;
        this.refreshes = refreshes;
        this.leases = leases;
        this.flights = flights;
        this.calls = calls;
        this.pending = pending;
        this.events = events;
        this.continuations = continuations;
        this.stores = new AsyncStores(flights, remote, events, continuations, lifetimes, leases);
    }

    <C> CompletableFuture<@Nullable Object> get(CacheDefinition cache, String key, C call,
            AsyncMissHandler<? super C> miss) {
        long started = this.events.listening() ? System.nanoTime() : 0;
        CacheBackend backend = cache.backend();
        try {
            if (backend instanceof InMemoryCacheBackend) {
                CacheLookup cached = readMemory(cache, key, false);
                emitLookup(cache, key, cached, started);
                if (cached.isHit() && !cache.stale()) {
                    return CompletableFuture.completedFuture(cached.value());
                }
                return deliver(cached.isHit() ? serveStored(cache, key, cached.value(), call, miss, true, 0)
                        : loadAfterMiss(cache, key, call, miss, true, false, 0));
            }
            long budget = this.calls.budgetNanos(backend);
            if (this.pending.blocks(backend)) {
                // An invalidation this backend failed is not applied yet: what it holds may be out of date.
                emitLookup(cache, key, CacheLookup.miss(), started);
                return deliver(loadAfterMiss(cache, key, call, miss, false, true, budget));
            }
            long looked = System.nanoTime();
            return deliver(lookup(cache, key, budget).handleAsync((cached, failure) -> {
                boolean unreachable = failure != null;
                if (unreachable) {
                    this.events.backendFailed(cache.name(), cache.backendName(), "get " + key, asRuntime(failure));
                }
                CacheLookup found = unreachable ? CacheLookup.miss() : cached;
                emitLookup(cache, key, found, started);
                long remaining = budget - (System.nanoTime() - looked);
                if (found.isHit()) {
                    return cache.stale() ? serveStored(cache, key, found.value(), call, miss, false, remaining)
                            : CompletableFuture.completedFuture(found.value());
                }
                return loadAfterMiss(cache, key, call, miss, false, unreachable, remaining);
            }, this.continuations).thenCompose(Function.identity()));
        }
        catch (RuntimeException ex) {
            // Only with fail-open off: the backend's failure is the call's.
            return CompletableFuture.failedFuture(ex);
        }
    }

    /** A lookup in a backend other than the in-memory one, failing once the budget has passed. */
    private CompletableFuture<CacheLookup> lookup(CacheDefinition cache, String key, long budgetNanos) {
        CacheBackend backend = cache.backend();
        CompletableFuture<CacheLookup> issued;
        try {
            Type type = cache.storedType();
            issued = this.calls.issue(backend, () -> backend.get(key, type), budgetNanos);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        return issued.isDone() ? issued
                : issued.copy().orTimeout(Math.max(0, budgetNanos), TimeUnit.NANOSECONDS);
    }

    /**
     * Answers from an entry of a cache with stale windows, as {@code CacheEngine} does for methods that return their
     * value: fresh, the value; within {@code staleWhileRevalidate}, the stale value and a refresh in the background;
     * within {@code staleIfError}, the method's value, or the stale one if it fails; past them, a miss.
     */
    private <C> CompletableFuture<@Nullable Object> serveStored(CacheDefinition cache, String key,
            @Nullable Object stored, C call, AsyncMissHandler<? super C> miss, boolean memory, long remaining) {
        Object value = Lifetimes.valueOf(stored);
        switch (this.lifetimes.age(cache, stored)) {
            case FRESH:
                return CompletableFuture.completedFuture(value);
            case REVALIDATE:
                cache.counters().servedStale();
                this.refreshes.start(cache, key, refresher(cache, key, call, miss, memory));
                return CompletableFuture.completedFuture(value);
            case IF_ERROR:
                return loadAfterMiss(cache, key, call, miss, memory, false, remaining).handle((loaded, failure) -> {
                    if (failure == null) {
                        return loaded;
                    }
                    cache.counters().servedStale();
                    this.refreshes.servedForFailure(cache, key, unwrap(failure));
                    return value;
                });
            default:
                return loadAfterMiss(cache, key, call, miss, memory, false, remaining);
        }
    }

    /** The refresh of a stale entry, with a copy of the call that shares nothing with the caller's. */
    private <D> Refreshes.Refresh refresher(CacheDefinition cache, String key, D call, AsyncMissHandler<D> miss,
            boolean memory) {
        D detached = miss.detach(call);
        return () -> refresh(cache, key, detached, miss, memory);
    }

    /** A refresh of a stale entry, on a refresh thread, which waits for it at most the longest wait. */
    private <C> boolean refresh(CacheDefinition cache, String key, C call, AsyncMissHandler<? super C> miss,
            boolean memory) throws Throwable {
        String token = this.leases.takeRefreshLease(cache, key);
        if (token == null) {
            return false;
        }
        try {
            loadAfterMiss(cache, key, call, miss, memory, false, this.calls.budgetNanos(cache.backend()))
                    .get(this.leases.maxWaitNanos(), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (java.util.concurrent.ExecutionException ex) {
            throw unwrap(ex.getCause());
        }
        finally {
            this.leases.releaseRefreshLease(cache, key, token);
        }
    }

    /**
     * Looks a key up in memory; for a cache with stale windows, a stale entry is a miss unless {@code raw}.
     */
    private CacheLookup readMemory(CacheDefinition cache, String key, boolean fresh) {
        try {
            CacheLookup found = cache.backend().getSync(key, cache.storedType());
            return fresh ? this.lifetimes.fresh(cache, found) : found;
        }
        catch (RuntimeException ex) {
            this.events.backendFailed(cache.name(), cache.backendName(), "get " + key, ex);
            return CacheLookup.miss();
        }
    }

    /**
     * One call of the method for all concurrent callers of the key, then the store.
     * @param unreachable whether the backend has just failed this call, so that nothing is stored
     * @param remaining what is left of the call's budget for the store
     */
    private <C> CompletableFuture<@Nullable Object> loadAfterMiss(CacheDefinition cache, String key, C call,
            AsyncMissHandler<? super C> miss, boolean memory, boolean unreachable, long remaining) {
        Flight flight = this.flights.claim(cache.backend(), key);
        if (!flight.isMine()) {
            return join(cache, key, flight, call, miss);
        }
        if (!flight.start()) {
            // The method asks for its own key again while it is being called: waiting for itself would never end.
            return invoke(cache, miss, call);
        }
        CompletableFuture<@Nullable Object> loaded;
        long started = this.events.listening() ? System.nanoTime() : 0;
        long loadStarted = System.nanoTime();
        try {
            // A load may have finished between our miss and our claim.
            if (!memory && !unreachable && cache.policy().globalFlight()
                    && cache.backend() instanceof LeasingCacheBackend leasing) {
                flight.invoked();
                return this.leases.claimAsync(cache, leasing, key, this.continuations).thenCompose((claim) -> {
                    CacheLookup fresh = this.lifetimes.fresh(cache, claim.found());
                    if (fresh.isHit()) {
                        flight.succeed(fresh.value());
                        return CompletableFuture.completedFuture(fresh.value());
                    }
                    String token = claim.token();
                    CompletableFuture<@Nullable Object> value = this.stores.afterLoad(cache, key, call, miss,
                            flight, false, claim.unreachable(), token, this.calls.budgetNanos(leasing),
                            invoke(cache, miss, call), started, System.nanoTime());
                    if (token != null) {
                        value.whenComplete((done, failure) -> this.leases.release(cache, leasing, key, token));
                    }
                    return value;
                });
            }
            CacheLookup again = memory ? readMemory(cache, key, true) : CacheLookup.miss();
            loaded = again.isHit() ? CompletableFuture.completedFuture(again.value()) : invoke(cache, miss, call);
            if (again.isHit()) {
                flight.invoked();
                flight.succeed(again.value());
                return loaded;
            }
        }
        catch (RuntimeException ex) {
            // Only with fail-open off: the backend's failure is the call's.
            flight.invoked();
            flight.fail();
            return CompletableFuture.failedFuture(ex);
        }
        flight.invoked();
        return this.stores.afterLoad(cache, key, call, miss, flight, memory, unreachable, null, remaining, loaded,
                started, loadStarted);
    }

    /**
     * Calls the method: its future, or a failed future for what it threw. After a remote lookup it is called on the
     * engine's threads, as work that may block, so that a method that does blocking work before it returns its
     * future does not hold up the continuations of other calls.
     */
    private <C> CompletableFuture<@Nullable Object> invoke(CacheDefinition cache, AsyncMissHandler<? super C> miss,
            C call) {
        return this.continuations.block(() -> invokeHere(cache, miss, call));
    }

    private <C> CompletableFuture<@Nullable Object> invokeHere(CacheDefinition cache,
            AsyncMissHandler<? super C> miss, C call) {
        try {
            CompletionStage<?> stage = (this.loadObserver == LoadObserver.NONE) ? miss.load(call)
                    : this.loadObserver.observeAsync(cache, () -> miss.load(call));
            return (stage != null) ? stage.toCompletableFuture().thenApply((value) -> value)
                    : CompletableFuture.completedFuture(null);
        }
        catch (Throwable ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    private <C> CompletableFuture<@Nullable Object> join(CacheDefinition cache, String key, Flight flight, C call,
            AsyncMissHandler<? super C> miss) {
        return this.flights.awaitAsync(flight).thenCompose((outcome) -> {
            if (outcome != SingleFlight.FAILED && outcome != SingleFlight.TIMED_OUT) {
                miss.joined(call);
                return CompletableFuture.completedFuture(outcome);
            }
            if (outcome == SingleFlight.TIMED_OUT) {
                this.events.record("cache '" + cache.name() + "'", "wait for the load of " + key,
                        new java.util.concurrent.TimeoutException(
                                "the load took longer than the single-flight max-wait; the method ran again"));
            }
            // Off the thread that ended the wait, which may be a timer's or another caller's.
            return CompletableFuture.supplyAsync(() -> invoke(cache, miss, call), this.continuations)
                    .thenCompose(Function.identity());
        });
    }

    /**
     * The future as the caller sees it: its own, so that cancelling it cancels nothing shared, and failed with what
     * the method or backend failed with rather than the {@link CompletionException} that carried it along the chain,
     * as the method's own future would be. It completes on the thread that ends the chain: the caller's (a memory
     * hit), the method's future's, or the engine's after a backend's answer, never a backend's I/O thread.
     */
    private static CompletableFuture<@Nullable Object> deliver(CompletableFuture<@Nullable Object> future) {
        CompletableFuture<@Nullable Object> delivered = new CompletableFuture<>();
        future.whenComplete((value, failure) -> {
            if (failure != null) {
                delivered.completeExceptionally(unwrap(failure));
            }
            else {
                delivered.complete(value);
            }
        });
        return delivered;
    }

    private void emitLookup(CacheDefinition cache, String key, CacheLookup lookup, long started) {
        if (lookup.isHit()) {
            cache.counters().hit();
        }
        else {
            cache.counters().miss();
        }
        if (this.events.listening()) {
            this.events.emit(lookup.isHit() ? Kind.HIT : Kind.MISS, cache.name(), key, cache.backendName(), started,
                    null);
        }
    }

    /** What a stage failed with, rather than the {@link CompletionException} that carries it along a chain. */
    static Throwable unwrap(Throwable failure) {
        return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
    }

    static RuntimeException asRuntime(Throwable failure) {
        Throwable cause = unwrap(failure);
        return (cause instanceof RuntimeException runtime) ? runtime : new CompletionException(cause);
    }
}
