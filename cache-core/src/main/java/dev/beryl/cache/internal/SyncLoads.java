package dev.beryl.cache.internal;

import java.lang.reflect.Type;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheEvent.Kind;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.LeasingCacheBackend;
import dev.beryl.cache.TaggingCacheBackend;
import dev.beryl.cache.internal.SingleFlight.Flight;

/**
 * The miss half of a cached call of a method that returns its value: single flight, the second lookup, the load
 * (under a lease with {@code GLOBAL} single flight), the store under the flight's fence; and what a hit of an entry
 * with stale windows does (serve it, refresh it in the background, or fall back to it when the method throws). The
 * hit path and the writes stay in {@link CacheEngine}; {@link AsyncLoads} is the same for futures and publishers.
 */
final class SyncLoads {

    private final EngineEvents events;

    private final SingleFlight flights;

    private final BackendCalls calls;

    private final RemoteStore remote;

    private final Lifetimes lifetimes;

    private final Refreshes refreshes;

    private final Leases leases;

    private final LoadObserver loadObserver;

    SyncLoads(EngineEvents events, SingleFlight flights, BackendCalls calls, RemoteStore remote, Lifetimes lifetimes,
            Refreshes refreshes, Leases leases, LoadObserver loadObserver) {
        this.events = events;
        this.flights = flights;
        this.calls = calls;
        this.remote = remote;
        this.lifetimes = lifetimes;
        this.refreshes = refreshes;
        this.leases = leases;
        this.loadObserver = loadObserver;
    }

    /**
     * Answers from an entry of a cache with stale windows: its value while fresh; within
     * {@code staleWhileRevalidate} the stale value at once, with a refresh in the background; within
     * {@code staleIfError} the method's answer, or the stale value if it throws; past them, a miss.
     */
    <C> @Nullable Object serveStored(CacheDefinition cache, String key, @Nullable Object stored, C call,
            MissHandler<? super C> miss, boolean memory, long remaining) throws Throwable {
        Object value = Lifetimes.valueOf(stored);
        switch (this.lifetimes.age(cache, stored)) {
            case FRESH:
                return value;
            case REVALIDATE:
                cache.counters().servedStale();
                Refreshes.Refresh refresh = refresher(cache, key, call, miss, memory);
                this.refreshes.start(cache, key, refresh);
                return value;
            case IF_ERROR:
                try {
                    return loadAfterMiss(cache, key, call, miss, memory, false, remaining);
                }
                catch (Exception ex) {
                    cache.counters().servedStale();
                    this.refreshes.servedForFailure(cache, key, ex);
                    return value;
                }
            default:
                return loadAfterMiss(cache, key, call, miss, memory, false, remaining);
        }
    }

    /** The refresh of a stale entry, with a copy of the call that shares nothing with the caller's. */
    private <D> Refreshes.Refresh refresher(CacheDefinition cache, String key, D call, MissHandler<D> miss,
            boolean memory) {
        D detached = miss.detach(call);
        return () -> refresh(cache, key, detached, miss, memory);
    }

    /**
     * Refreshes a stale entry, on a refresh thread: with {@code GLOBAL} single flight on a backend with leases, only
     * in the instance that takes the refresh lease.
     */
    private <C> boolean refresh(CacheDefinition cache, String key, C call, MissHandler<? super C> miss,
            boolean memory) throws Throwable {
        String token = this.leases.takeRefreshLease(cache, key);
        if (token == null) {
            return false;
        }
        try {
            loadAfterMiss(cache, key, call, miss, memory, false, this.calls.budgetNanos(cache.backend()));
            return true;
        }
        finally {
            this.leases.releaseRefreshLease(cache, key, token);
        }
    }

    /**
     * The miss half of {@link #get}: one load for all concurrent callers of the key, the second lookup, the store.
     * @param unreachable whether the backend has just failed this call, so that it is neither read again nor stored
     * into
     * @param remaining what is left of the call's budget
     */
    <C> @Nullable Object loadAfterMiss(CacheDefinition cache, String key, C call, MissHandler<? super C> miss,
            boolean memory, boolean unreachable, long remaining) throws Throwable {
        Flight flight = this.flights.claim(cache.backend(), key);
        if (!flight.isMine()) {
            return join(cache, key, flight, call, miss);
        }
        if (!flight.start()) {
            // The loader asks for its own key again: waiting for ourselves would never end.
            return load(cache, miss, call);
        }
        Object value;
        try {
            long started = System.nanoTime();
            if (!memory && !unreachable && cache.policy().globalFlight()
                    && cache.backend() instanceof LeasingCacheBackend leasing) {
                value = loadLeased(cache, key, call, miss, flight, leasing);
            }
            else {
                // A load may have finished between our miss and our claim: look once more before running the
                // loader, unless the backend has just failed or the call's budget is spent. A stale entry is a miss.
                CacheLookup again = (unreachable || (!memory && remaining <= 0)) ? CacheLookup.miss()
                        : this.lifetimes.fresh(cache, read(cache, key, memory, remaining));
                value = again.isHit() ? again.value()
                        : loadAndStore(cache, key, call, miss, flight, memory, unreachable, null,
                                remaining - (System.nanoTime() - started));
            }
        }
        catch (Throwable ex) {
            flight.fail();
            throw ex;
        }
        flight.succeed(value);
        return value;
    }

    /**
     * The load of a key with {@code GLOBAL} single flight on a backend with leases: the value another instance
     * stored, or this instance's load under the lease (stored only while the lease holds), or, when the lease is held
     * elsewhere for longer than the longest wait, this instance's load without a store.
     */
    private <C> @Nullable Object loadLeased(CacheDefinition cache, String key, C call, MissHandler<? super C> miss,
            Flight flight, LeasingCacheBackend leasing) throws Throwable {
        Leases.Claim claim = this.leases.claim(cache, leasing, key);
        if (claim.found().isHit()) {
            CacheLookup fresh = this.lifetimes.fresh(cache, claim.found());
            if (fresh.isHit()) {
                return fresh.value();
            }
            // A stale entry, past its ttl within a window: no lease can stand in its place, so load as one instance.
            return loadAndStore(cache, key, call, miss, flight, false, false, null, this.calls.budgetNanos(leasing));
        }
        String token = claim.token();
        if (token == null) {
            return loadAndStore(cache, key, call, miss, flight, false, true, null, 0);
        }
        try {
            return loadAndStore(cache, key, call, miss, flight, false, false, token, this.calls.budgetNanos(leasing));
        }
        finally {
            // Whatever kept the value from being stored (the method threw, its result is not stored, an invalidation
            // overtook it), the instances waiting for it go on now; after a store the lease is gone already.
            this.leases.release(cache, leasing, key, token);
        }
    }

    private <C> @Nullable Object join(CacheDefinition cache, String key, Flight flight, C call,
            MissHandler<? super C> miss) throws Throwable {
        SingleFlight.Outcome outcome = this.flights.await(flight);
        if (outcome == SingleFlight.Outcome.DONE) {
            miss.joined(call);
            return flight.value();
        }
        if (outcome == SingleFlight.Outcome.TIMED_OUT) {
            this.events.record("cache '" + cache.name() + "'", "wait for the load of " + key,
                    new TimeoutException("the load took longer than the single-flight max-wait; the method ran again"));
        }
        return load(cache, miss, call);
    }

    /** Calls the method that fills a miss, through the load observer. */
    private <C> @Nullable Object load(CacheDefinition cache, MissHandler<? super C> miss, C call) throws Throwable {
        return (this.loadObserver == LoadObserver.NONE) ? miss.load(call)
                : this.loadObserver.observe(cache, () -> miss.load(call));
    }

    /**
     * Looks a key up within a budget, turning a failure into a miss (when the engine fails open). A second lookup
     * that the call's budget cannot wait for is a miss too, but no failure of the backend.
     */
    CacheLookup read(CacheDefinition cache, String key, boolean memory, long budgetNanos) {
        try {
            Type type = cache.storedType();
            return memory ? cache.backend().getSync(key, type)
                    : BackendCalls.await(this.calls.issue(cache.backend(),
                            () -> cache.backend().get(key, type), budgetNanos), budgetNanos);
        }
        catch (BackendCalls.StillRunning ex) {
            return CacheLookup.miss();
        }
        catch (RuntimeException ex) {
            this.events.backendFailed(cache.name(), cache.backendName(), "get " + key, ex);
            return CacheLookup.miss();
        }
    }

    /**
     * Runs the loader and stores its result under the flight's fence.
     * @param unreachable whether the backend has just failed this call's lookup, so that nothing is stored
     * @param token the lease this load holds ({@code GLOBAL} single flight), under which alone it stores, or
     * {@code null}
     * @param budgetNanos what is left of the call's budget for the store
     */
    private <C> @Nullable Object loadAndStore(CacheDefinition cache, String key, C call, MissHandler<? super C> miss,
            Flight flight, boolean memory, boolean unreachable, @Nullable String token, long budgetNanos)
            throws Throwable {
        long started = System.nanoTime();
        Object value;
        try {
            value = load(cache, miss, call);
        }
        catch (Throwable ex) {
            cache.counters().loaded(false, System.nanoTime() - started);
            throw ex;
        }
        cache.counters().loaded(true, System.nanoTime() - started);
        this.events.emit(Kind.LOAD, cache.name(), key, cache.backendName(), started, null);
        if (!this.events.decide(cache, key, () -> miss.shareable(call, value), false)) {
            // The waiting callers run the method themselves; the flight's later success changes nothing.
            flight.withhold();
            return value;
        }
        if ((value == null && !cache.cacheNull()) || unreachable) {
            return value;
        }
        Set<String> tags = this.events.decide(cache, key, () -> miss.tagsFor(call, value), null);
        if (tags != null && store(cache, key, value, tags, flight, memory, token, budgetNanos)) {
            miss.stored(call);
        }
        return value;
    }

    /** Stores a loaded value under the flight's fence; whether it was stored. */
    private boolean store(CacheDefinition cache, String key, @Nullable Object value, Set<String> tags, Flight flight,
            boolean memory, @Nullable String token, long budgetNanos) {
        long started = this.events.listening() ? System.nanoTime() : 0;
        CacheBackend backend = cache.backend();
        Lifetimes.Stored stored = this.lifetimes.stored(cache, value);
        try {
            if (memory) {
                if (!flight.storeUnlessFenced(
                        () -> TaggingCacheBackend.setSync(backend, key, stored.value(), stored.ttl(), tags))) {
                    return false;
                }
            }
            else if (token != null) {
                if (flight.isFenced() || !this.leases.store(cache, (LeasingCacheBackend) backend, key, stored, tags,
                        token, budgetNanos)) {
                    return false;
                }
            }
            else if (!this.remote.store(cache, key, stored, tags, flight, budgetNanos)) {
                return false;
            }
        }
        catch (RuntimeException ex) {
            this.events.backendFailed(cache.name(), cache.backendName(), "set " + key, ex);
            return false;
        }
        cache.counters().put();
        this.events.emit(Kind.PUT, cache.name(), key, cache.backendName(), started, null);
        return true;
    }
}
