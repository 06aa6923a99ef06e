package dev.beryl.cache.internal;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheEvent.Kind;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.Tags;
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

    private final BackendCalls calls;

    private final PendingInvalidations pending;

    private final EngineWrites writes;

    private final ContinuationPool continuations;

    private final AsyncLoads async;

    private final Lifetimes lifetimes;

    private final Refreshes refreshes;

    private final SyncLoads loads;

    /** A fail-open engine without listeners that logs each source's failures at most every 10 seconds. */
    public CacheEngine() {
        this(builder());
    }

    CacheEngine(CacheEngineBuilder builder) {
        this.events = new EngineEvents(builder.failOpen, builder.failureLogInterval, builder.listeners);
        SingleFlight flights = new SingleFlight(builder.maxWait.toNanos());
        this.calls = new BackendCalls(builder.timeout.toNanos());
        RemoteStore remote = new RemoteStore(flights, this.calls, this.events);
        this.pending = new PendingInvalidations(builder.retryInterval.toNanos(), this.calls.executor());
        this.lifetimes = new Lifetimes(builder.ttlJitter, builder.clock);
        this.writes = new EngineWrites(flights, this.calls, this.pending, this.events, this.lifetimes);
        this.continuations = new ContinuationPool();
        this.refreshes = new Refreshes(builder.failureLogInterval);
        Leases leases = new Leases(this.calls, this.events, builder.maxWait.toNanos(), builder.lease);
        this.loads = new SyncLoads(this.events, flights, this.calls, remote, this.lifetimes, this.refreshes,
                leases, builder.loadObserver);
        this.async = new AsyncLoads(flights, this.calls, remote, this.pending, this.events,
                this.continuations, builder.loadObserver, this.lifetimes, this.refreshes, leases);
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
            CacheLookup cached = this.loads.read(cache, key, true, 0);
            if (cached.isHit()) {
                cache.counters().hit();
                return cached.value();
            }
            cache.counters().miss();
            return this.loads.loadAfterMiss(cache, key, call, miss, true, false, 0);
        }
        return lookupThenLoad(cache, key, call, miss);
    }

    /**
     * {@link #get(CacheDefinition, String, Object, MissHandler)} for a key whose part is one integral number: on the
     * in-memory backend a hit finds the entry without making the key's text, which a miss, or another backend, makes
     * from {@link NumberKey#toString()}.
     */
    public <C> @Nullable Object get(CacheDefinition cache, NumberKey key, C call, MissHandler<? super C> miss)
            throws Throwable {
        if (!this.events.listening() && cache.backend() instanceof InMemoryCacheBackend memory && !cache.stale()) {
            CacheLookup cached = memory.getSync(key);
            if (cached.isHit()) {
                cache.counters().hit();
                return cached.value();
            }
            cache.counters().miss();
            return this.loads.loadAfterMiss(cache, key.toString(), call, miss, true, false, 0);
        }
        return get(cache, key.toString(), call, miss);
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

    /**
     * {@link #getAsync(CacheDefinition, String, Object, AsyncMissHandler)} for a key whose part is one integral
     * number: on the in-memory backend a hit is a completed future found without making the key's text.
     */
    public <C> CompletableFuture<@Nullable Object> getAsync(CacheDefinition cache, NumberKey key, C call,
            AsyncMissHandler<? super C> miss) {
        if (!this.events.listening() && cache.backend() instanceof InMemoryCacheBackend memory && !cache.stale()) {
            CacheLookup cached = memory.getSync(key);
            if (cached.isHit()) {
                cache.counters().hit();
                return CompletableFuture.completedFuture(cached.value());
            }
        }
        return this.async.get(cache, key.toString(), call, miss);
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
            CacheLookup cached = this.loads.read(cache, key, true, 0);
            emitLookup(cache, key, cached, started);
            if (cached.isHit()) {
                return cache.stale() ? this.loads.serveStored(cache, key, cached.value(), call, miss, true, 0) : cached.value();
            }
            return this.loads.loadAfterMiss(cache, key, call, miss, true, false, 0);
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
        if (cached.isHit() && !cache.stale()) {
            return cached.value();
        }
        long remaining = budget - (System.nanoTime() - looked);
        if (cached.isHit()) {
            return this.loads.serveStored(cache, key, cached.value(), call, miss, false, remaining);
        }
        return this.loads.loadAfterMiss(cache, key, call, miss, false, unreachable, remaining);
    }

    /**
     * Looks a key up, turning a failing backend into a miss when the engine fails open; a backend other than the
     * in-memory one is waited for at most its timeout (or the engine's).
     */
    public CacheLookup lookup(CacheDefinition cache, String key) {
        long started = this.events.listening() ? System.nanoTime() : 0;
        boolean memory = cache.backend() instanceof InMemoryCacheBackend;
        CacheLookup lookup = (!memory && this.pending.blocks(cache.backend())) ? CacheLookup.miss()
                : this.lifetimes.fresh(cache, this.loads.read(cache, key, memory, this.calls.budgetNanos(cache.backend())));
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

    /** Waits, at most {@code timeout}, until no background refresh runs; whether none does. For tests. */
    boolean awaitRefreshes(Duration timeout) {
        return this.refreshes.awaitIdle(timeout.toNanos());
    }

    /** How often a backend failed the calls of a cache, in one way, since the engine was built. */
    public long errors(String cacheName, BackendErrorKind kind) {
        return this.events.errors(cacheName, kind);
    }

    /** The number of failures that calls went on without the cache since the engine was built. */
    public long failures() {
        return this.events.failures();
    }

}
