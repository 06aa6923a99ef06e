package dev.beryl.cache.internal;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheEvent.Kind;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.LeasingCacheBackend;
import dev.beryl.cache.TaggingCacheBackend;
import dev.beryl.cache.Tags;
import dev.beryl.cache.internal.SingleFlight.Flight;
import dev.beryl.cache.memory.InMemoryCacheBackend;

/**
 * The lookup engine behind every cached call: get, and on a miss load, store and return; and the writes that keep
 * caches fresh: put, invalidate, invalidate a tag, clear.
 * <ul>
 * <li><b>Single flight.</b> Concurrent misses on one key run the loader once; the other callers wait for it and
 * receive the same value. A caller waits at most {@code maxWait}, then runs the loader itself; a caller whose wait
 * would close a cycle (two loads that need each other's keys) runs it at once.</li>
 * <li><b>Exceptions are not cached.</b> A loader that throws stores nothing, and its exception reaches its caller
 * unchanged; callers that waited for it run the loader themselves, each getting its own result or exception.</li>
 * <li><b>Invalidation is a barrier.</b> A load that is running when its key is invalidated, put, cleared or has a
 * tag invalidated does not store, and later callers do not join it: a call that starts after an invalidation
 * returned never receives a value loaded before it (within this engine, that is, one application instance).</li>
 * <li><b>One budget per call.</b> The lookup, the second lookup of a miss and the store after it share one
 * {@link CacheBackend#ownTimeout() backend timeout}: a call returns within that timeout plus the loader's own
 * time, and a store that the budget cannot wait for completes in the background.</li>
 * <li><b>Fail-open.</b> A backend that fails counts as a miss, or leaves the cache as it was; the caller gets the
 * loader's answer, and the failure is counted and logged (at most once per interval and backend). An invalidation
 * it failed is applied once it answers ({@link PendingInvalidations}).</li>
 * <li><b>Events.</b> Listeners hear of every hit, miss, load, put, invalidation and failure (see
 * {@link EngineEvents}).</li>
 * </ul>
 * Thread-safe; one engine serves all caches of an application.
 */
public final class CacheEngine implements AutoCloseable {

    /** How often one backend's failures may be logged. */
    public static final Duration DEFAULT_FAILURE_LOG_INTERVAL = Duration.ofSeconds(10);

    /** How long a caller waits at most for another caller's load of the same key. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);

    /** How long a call waits at most for a backend that does not bound its own operations. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    /** How long a lease of {@code GLOBAL} single flight holds when its holder neither stores nor gives it up. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    /** How often invalidations that a backend failed are tried again, while calls use that backend. */
    static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMillis(500);

    private final EngineEvents events;

    private final RemoteStore remote;

    private final SingleFlight flights;

    private final BackendCalls calls;

    private final PendingInvalidations pending;

    private final EngineWrites writes;

    private final ContinuationPool continuations;

    private final AsyncLoads async;

    private final LoadObserver loadObserver;

    private final Lifetimes lifetimes;

    private final Refreshes refreshes;

    private final Leases leases;

    /** A fail-open engine without listeners that logs each source's failures at most every 10 seconds. */
    public CacheEngine() {
        this(builder());
    }

    CacheEngine(CacheEngineBuilder builder) {
        this.events = new EngineEvents(builder.failOpen, builder.failureLogInterval, builder.listeners);
        this.flights = new SingleFlight(builder.maxWait.toNanos());
        this.calls = new BackendCalls(builder.timeout.toNanos());
        this.remote = new RemoteStore(this.flights, this.calls, this.events);
        this.pending = new PendingInvalidations(builder.retryInterval.toNanos(), this.calls.executor());
        this.lifetimes = new Lifetimes(builder.ttlJitter, builder.clock);
        this.writes = new EngineWrites(this.flights, this.calls, this.pending, this.events, this.lifetimes);
        this.continuations = new ContinuationPool();
        this.loadObserver = builder.loadObserver;
        this.refreshes = new Refreshes(builder.failureLogInterval);
        this.leases = new Leases(this.calls, this.events, builder.maxWait.toNanos(), builder.lease);
        this.async = new AsyncLoads(this.flights, this.calls, this.remote, this.pending, this.events,
                this.continuations, builder.loadObserver, this.lifetimes, this.refreshes, this.leases);
    }

    public static CacheEngineBuilder builder() {
        return new CacheEngineBuilder();
    }

    /** {@link #getOrLoad(CacheDefinition, String, CacheLoader, StorePolicy)} storing every result it may. */
    public @Nullable Object getOrLoad(CacheDefinition cache, String key, CacheLoader loader) throws Throwable {
        return getOrLoad(cache, key, loader, StorePolicy.ALWAYS);
    }

    /**
     * Returns the value cached under {@code key}, or runs {@code loader} once for all concurrent callers, stores
     * its result and returns it.
     * @param policy decides whether a loaded value is stored and with which tags; {@code null} results are
     * stored only when the cache allows it, before the policy is asked
     * @throws Throwable whatever the loader threw, unchanged
     */
    public @Nullable Object getOrLoad(CacheDefinition cache, String key, CacheLoader loader, StorePolicy policy)
            throws Throwable {
        return get(cache, key, loader, LoaderHandler.of(policy));
    }

    /**
     * A cached call: returns the value cached under {@code key}, or has {@code miss} load it once for all concurrent
     * callers of the key (looking the key up again first, in case another caller stored it meanwhile), stores the
     * result and returns it. The lookup, the second lookup and the store share one budget, the backend's own
     * timeout or the engine's.
     * @param call what the call carries, handed to {@code miss}
     * @throws Throwable whatever the loader threw, unchanged
     */
    public <C> @Nullable Object get(CacheDefinition cache, String key, C call, MissHandler<? super C> miss)
            throws Throwable {
        if (!this.events.listening() && cache.backend() instanceof InMemoryCacheBackend && !cache.stale()) {
            // The hit path, kept small enough for the JIT to inline into the caller.
            CacheLookup cached = read(cache, key, true, 0);
            if (cached.isHit()) {
                cache.counters().hit();
                return cached.value();
            }
            cache.counters().miss();
            return loadAfterMiss(cache, key, call, miss, true, false, 0);
        }
        return lookupThenLoad(cache, key, call, miss);
    }

    /**
     * A cached call of a method that returns a future or a publisher, without blocking any thread: the future
     * completes with the value cached under {@code key}, or with what {@code miss} loads once for all concurrent
     * callers of the key, once it is stored (or the call's budget for the store has passed). On the in-memory
     * backend a hit is a future that is already complete. The future fails only with what the method failed with
     * (or, with fail-open off, the backend's failure); it is the caller's own, and continuations chained to it
     * never run on a backend's I/O thread.
     */
    public <C> CompletableFuture<@Nullable Object> getAsync(CacheDefinition cache, String key, C call,
            AsyncMissHandler<? super C> miss) {
        return this.async.get(cache, key, call, miss);
    }

    /** The engine's threads, where continuations go that must not run on a backend's I/O thread. */
    public Executor executor() {
        return this.continuations;
    }

    /**
     * Runs writes (puts, invalidations) that an asynchronous method makes before its call or once its value is
     * there, on the engine's threads, so that a backend that keeps them waiting (at most its timeout) never holds up
     * the caller's thread or an event loop.
     * @return completes when the writes are done, exceptionally with what they threw (only with fail-open off)
     */
    public CompletableFuture<Void> runWrites(Runnable writes) {
        return CompletableFuture.runAsync(() -> this.continuations.block(() -> {
            writes.run();
            return null;
        }), this.continuations);
    }

    private <C> @Nullable Object lookupThenLoad(CacheDefinition cache, String key, C call,
            MissHandler<? super C> miss) throws Throwable {
        long started = this.events.listening() ? System.nanoTime() : 0;
        if (cache.backend() instanceof InMemoryCacheBackend) {
            CacheLookup cached = read(cache, key, true, 0);
            emitLookup(cache, key, cached, started);
            if (cached.isHit()) {
                return cache.stale() ? serveStored(cache, key, cached.value(), call, miss, true, 0) : cached.value();
            }
            return loadAfterMiss(cache, key, call, miss, true, false, 0);
        }
        long budget = this.calls.budgetNanos(cache.backend());
        long looked = System.nanoTime();
        boolean unreachable = false;
        CacheLookup cached;
        if (this.pending.blocks(cache.backend())) {
            // An invalidation this backend failed is not applied yet: what it holds may be out of date.
            cached = CacheLookup.miss();
            unreachable = true;
        }
        else {
            try {
                Type type = cache.storedType();
                cached = this.calls.call(cache.backend(), () -> cache.backend().get(key, type), budget,
                        () -> cache.backend().getSync(key, type));
            }
            catch (RuntimeException ex) {
                this.events.backendFailed(cache.name(), cache.backendName(), "get " + key, ex);
                cached = CacheLookup.miss();
                unreachable = true;
            }
        }
        emitLookup(cache, key, cached, started);
        long remaining = budget - (System.nanoTime() - looked);
        if (cached.isHit()) {
            return cache.stale() ? serveStored(cache, key, cached.value(), call, miss, false, remaining)
                    : cached.value();
        }
        return loadAfterMiss(cache, key, call, miss, false, unreachable, remaining);
    }

    /**
     * Answers from an entry of a cache with stale windows: its value while fresh; within
     * {@code staleWhileRevalidate} the stale value at once, with a refresh in the background; within
     * {@code staleIfError} the method's answer, or the stale value if it throws; past them, a miss.
     */
    private <C> @Nullable Object serveStored(CacheDefinition cache, String key, @Nullable Object stored, C call,
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
    private <C> @Nullable Object loadAfterMiss(CacheDefinition cache, String key, C call, MissHandler<? super C> miss,
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

    /**
     * Looks a key up, turning a failing backend into a miss when the engine fails open; a backend other than the
     * in-memory one is waited for at most its timeout (or the engine's).
     */
    public CacheLookup lookup(CacheDefinition cache, String key) {
        long started = this.events.listening() ? System.nanoTime() : 0;
        boolean memory = cache.backend() instanceof InMemoryCacheBackend;
        CacheLookup lookup = (!memory && this.pending.blocks(cache.backend())) ? CacheLookup.miss()
                : this.lifetimes.fresh(cache, read(cache, key, memory, this.calls.budgetNanos(cache.backend())));
        emitLookup(cache, key, lookup, started);
        return lookup;
    }

    private void emitLookup(CacheDefinition cache, String key, CacheLookup lookup, long started) {
        if (lookup.isHit()) {
            cache.counters().hit();
        }
        else {
            cache.counters().miss();
        }
        if (this.events.listening()) {
            this.events.emit(lookup.isHit() ? Kind.HIT : Kind.MISS, cache.name(), key, cache.backendName(), started, null);
        }
    }

    /**
     * Stores a value with tags, replacing what was there; a failing backend is logged, and otherwise ignored when
     * the engine fails open. A load of the key that is running does not store its older value after this.
     * @return whether the value was stored
     */
    public boolean put(CacheDefinition cache, String key, @Nullable Object value, Set<String> tags) {
        return this.writes.put(cache, key, value, tags);
    }

    /** Removes one key; a load of it that is running does not store. */
    public void invalidate(CacheDefinition cache, String key) {
        this.writes.invalidate(cache, key);
    }

    /** Removes every entry of a cache; loads of its keys that are running do not store. */
    public void clear(CacheDefinition cache) {
        this.writes.clear(cache);
    }

    /**
     * Removes every entry that a backend stored with a tag. Loads running on that backend do not store, since
     * their tags are not known before they end.
     * @param tagId the full tag id, see {@link Tags#id}
     */
    public void invalidateTag(String backendName, CacheBackend backend, String tagId) {
        this.writes.invalidateTag(backendName, backend, tagId);
    }

    /**
     * Counts and logs, at most once per interval and source, a failure that made a call go on without the cache,
     * such as a key that could not be built.
     * @param source what failed: a backend name, or the method whose key could not be built
     * @param what what it failed to do, e.g. {@code "get beryl:products:42"}
     */
    public void reportFailure(String source, String what, Throwable failure) {
        this.events.record(source, what, failure);
    }

    /**
     * Stops the threads that call backends of one's own, those held up by a backend that does not answer too;
     * Spring calls it when the context closes.
     */
    @Override
    public void close() {
        this.calls.close();
        this.continuations.close();
        this.refreshes.close();
    }

    /** How often a backend failed the calls of a cache, in one way, since the engine was built. */
    public long errors(String cacheName, BackendErrorKind kind) {
        return this.events.errors(cacheName, kind);
    }

    /** The number of failures that calls went on without the cache since the engine was built. */
    public long failures() {
        return this.events.failures();
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
    private CacheLookup read(CacheDefinition cache, String key, boolean memory, long budgetNanos) {
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
