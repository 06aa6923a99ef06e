package dev.beryl.cache;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheEvent.Kind;
import dev.beryl.cache.SingleFlight.Flight;
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
 * <li><b>Fail-open.</b> A backend that throws on get counts as a miss, and one that throws on a write leaves the
 * cache as it was; either way the caller gets the loader's answer. Failures are counted and logged at most once
 * per interval and backend. An engine built with {@code failOpen = false} lets the backend's exception reach the
 * caller instead.</li>
 * <li><b>Events.</b> {@link CacheEventListener}s hear of every hit, miss, load, put, invalidation and failure, on
 * the calling thread; one that throws is logged and ignored.</li>
 * </ul>
 * Thread-safe; one engine serves all caches of an application.
 */
public final class CacheEngine {

    /** How often one backend's failures may be logged. */
    public static final Duration DEFAULT_FAILURE_LOG_INTERVAL = Duration.ofSeconds(10);

    /** How long a caller waits at most for another caller's load of the same key. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);

    /** How long a call waits at most for a backend that does not bound its own operations. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    /** How often invalidations that a backend failed are tried again, while calls use that backend. */
    static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMillis(500);

    private final RateLimitedLog failureLog;

    private final boolean failOpen;

    private final CacheEventListener[] listeners;

    private final SingleFlight flights;

    private final BackendCalls calls;

    private final PendingInvalidations pending;

    /** A fail-open engine without listeners that logs each source's failures at most every 10 seconds. */
    public CacheEngine() {
        this(builder());
    }

    /**
     * @param failOpen whether a failing backend makes calls go on without the cache (the default); when
     * {@code false}, a backend's exception reaches the caller instead
     * @param failureLogInterval how often one source's failures may be logged
     */
    public CacheEngine(boolean failOpen, Duration failureLogInterval) {
        this(builder().failOpen(failOpen).failureLogInterval(failureLogInterval));
    }

    /**
     * @param listeners told of every event, in this order
     */
    public CacheEngine(boolean failOpen, Duration failureLogInterval, List<? extends CacheEventListener> listeners) {
        this(builder().failOpen(failOpen).failureLogInterval(failureLogInterval).listeners(listeners));
    }

    private CacheEngine(Builder builder) {
        this.failOpen = builder.failOpen;
        this.failureLog = new RateLimitedLog(builder.failureLogInterval);
        this.listeners = builder.listeners.toArray(CacheEventListener[]::new);
        this.flights = new SingleFlight(builder.maxWait.toNanos());
        this.calls = new BackendCalls(builder.timeout.toNanos());
        this.pending = new PendingInvalidations(builder.retryInterval.toNanos());
    }

    public static Builder builder() {
        return new Builder();
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
        CacheLookup cached = lookup(cache, key);
        if (cached.isHit()) {
            return cached.value();
        }
        return loadAfterMiss(cache, key, cached, loader, policy);
    }

    /**
     * The second half of {@link #getOrLoad(CacheDefinition, String, CacheLoader, StorePolicy)}, for a caller that
     * has just {@link #lookup looked the key up} and missed: runs {@code loader} once for all concurrent callers
     * (looking the key up again first, in case another caller stored it meanwhile), stores its result and returns
     * it. Split so that a hit need not create a loader.
     * @param missed what {@link #lookup} returned, which carries what is left of the call's budget
     * @throws Throwable whatever the loader threw, unchanged
     */
    public @Nullable Object loadAfterMiss(CacheDefinition cache, String key, CacheLookup missed, CacheLoader loader,
            StorePolicy policy) throws Throwable {
        boolean memory = cache.backend() instanceof InMemoryCacheBackend;
        boolean unreachable = missed instanceof CacheLookup.BudgetedMiss budget && budget.failed;
        long remaining = (missed instanceof CacheLookup.BudgetedMiss budget) ? budget.remainingNanos
                : this.calls.budgetNanos(cache.backend());
        Flight flight = this.flights.claim(cache.backend(), key);
        if (!flight.isMine()) {
            return join(cache, key, flight, loader);
        }
        if (!flight.start()) {
            // The loader asks for its own key again: waiting for ourselves would never end.
            return loader.load();
        }
        Object value;
        try {
            // A load may have finished between our miss and our claim: look once more before running the loader,
            // unless the backend has just failed or the call's budget is spent.
            long started = System.nanoTime();
            CacheLookup again = (unreachable || (!memory && remaining <= 0)) ? CacheLookup.miss()
                    : read(cache, key, memory, remaining);
            remaining -= System.nanoTime() - started;
            value = again.isHit() ? again.value()
                    : loadAndStore(cache, key, loader, policy, flight, memory, unreachable, remaining);
        }
        catch (Throwable ex) {
            flight.fail();
            throw ex;
        }
        flight.succeed(value);
        return value;
    }

    /**
     * Looks a key up, turning a failing backend into a miss when the engine fails open. A miss of a backend other
     * than the in-memory one carries what is left of the call's budget, for {@link #loadAfterMiss}.
     */
    public CacheLookup lookup(CacheDefinition cache, String key) {
        long started = (this.listeners.length > 0) ? System.nanoTime() : 0;
        CacheLookup lookup = (cache.backend() instanceof InMemoryCacheBackend) ? read(cache, key, true, 0)
                : budgetedLookup(cache, key);
        if (this.listeners.length > 0) {
            emit(lookup.isHit() ? Kind.HIT : Kind.MISS, cache.name(), key, cache.backendName(), started, null);
        }
        return lookup;
    }

    /**
     * Stores a value with tags, replacing what was there; a failing backend is logged, and otherwise ignored when
     * the engine fails open. A load of the key that is running does not store its older value after this.
     * @return whether the value was stored
     */
    public boolean put(CacheDefinition cache, String key, @Nullable Object value, Set<String> tags) {
        letLand(cache.backend(), this.flights.fence(cache.backend(), key));
        if (queuedBehindFailures(cache.backendName(), cache.backend(), "invalidate " + key,
                () -> deleteNow(cache, key))) {
            return false;
        }
        long started = (this.listeners.length > 0) ? System.nanoTime() : 0;
        try {
            this.calls.call(cache.backend(), () -> cache.backend().set(key, value, cache.ttl(), tags), () -> {
                cache.backend().setSync(key, value, cache.ttl(), tags);
                return null;
            });
        }
        catch (RuntimeException ex) {
            // What the put replaces is out of date: it must go, now or once the backend answers again.
            remember(cache.backendName(), cache.backend(), "invalidate " + key, () -> deleteNow(cache, key));
            backendFailed(cache.name(), cache.backendName(), "set " + key, ex);
            return false;
        }
        finally {
            // A load that started before this returned and read the old value must not store it either.
            this.flights.fence(cache.backend(), key);
        }
        emit(Kind.PUT, cache.name(), key, cache.backendName(), started, null);
        return true;
    }

    /** Removes one key; a load of it that is running does not store. */
    public void invalidate(CacheDefinition cache, String key) {
        letLand(cache.backend(), this.flights.fence(cache.backend(), key));
        if (queuedBehindFailures(cache.backendName(), cache.backend(), "invalidate " + key,
                () -> deleteNow(cache, key))) {
            return;
        }
        long started = (this.listeners.length > 0) ? System.nanoTime() : 0;
        try {
            deleteNow(cache, key);
        }
        catch (RuntimeException ex) {
            remember(cache.backendName(), cache.backend(), "invalidate " + key, () -> deleteNow(cache, key));
            backendFailed(cache.name(), cache.backendName(), "invalidate " + key, ex);
            return;
        }
        finally {
            // A load that started before this returned and read the old value must not store it either.
            this.flights.fence(cache.backend(), key);
        }
        emit(Kind.INVALIDATE, cache.name(), key, cache.backendName(), started, null);
    }

    /** Removes every entry of a cache; loads of its keys that are running do not store. */
    public void clear(CacheDefinition cache) {
        String keyStart = cache.namespace() + ':';
        this.flights.fenceAll(cache.backend(), (key) -> key.startsWith(keyStart));
        long started = (this.listeners.length > 0) ? System.nanoTime() : 0;
        Runnable clear = () -> this.calls.call(cache.backend(), () -> cache.backend().clear(cache.namespace()),
                () -> cache.backend().clear(cache.namespace()).join());
        if (queuedBehindFailures(cache.backendName(), cache.backend(), "clear " + cache.namespace(), clear)) {
            return;
        }
        try {
            clear.run();
            this.flights.fenceAll(cache.backend(), (key) -> key.startsWith(keyStart));
        }
        catch (RuntimeException ex) {
            remember(cache.backendName(), cache.backend(), "clear " + cache.namespace(), clear);
            backendFailed(cache.name(), cache.backendName(), "clear " + cache.namespace(), ex);
            return;
        }
        emit(Kind.CLEAR, cache.name(), cache.namespace(), cache.backendName(), started, null);
    }

    /**
     * Removes every entry that a backend stored with a tag. Loads running on that backend do not store, since
     * their tags are not known before they end.
     * @param tagId the full tag id, see {@link Tags#id}
     */
    public void invalidateTag(String backendName, CacheBackend backend, String tagId) {
        this.flights.fenceAll(backend, (key) -> true);
        long started = (this.listeners.length > 0) ? System.nanoTime() : 0;
        Runnable invalidation = () -> this.calls.call(backend, () -> backend.invalidateTag(tagId),
                () -> backend.invalidateTag(tagId).join());
        if (queuedBehindFailures(backendName, backend, "invalidate tag " + tagId, invalidation)) {
            return;
        }
        try {
            invalidation.run();
            this.flights.fenceAll(backend, (key) -> true);
        }
        catch (RuntimeException ex) {
            remember(backendName, backend, "invalidate tag " + tagId, invalidation);
            backendFailed(null, backendName, "invalidate tag " + tagId, ex);
            return;
        }
        emit(Kind.INVALIDATE_TAG, null, tagId, backendName, started, null);
    }

    /**
     * Counts and logs, at most once per interval and source, a failure that made a call go on without the cache,
     * such as a key that could not be built.
     * @param source what failed: a backend name, or the method whose key could not be built
     * @param what what it failed to do, e.g. {@code "get beryl:products:42"}
     */
    public void reportFailure(String source, String what, Throwable failure) {
        this.failureLog.record(source, what, failure);
    }

    /** The number of failures that calls went on without the cache since the engine was built. */
    public long failures() {
        return this.failureLog.failures();
    }

    /** Lets a store still on its way land before a write that fenced it, waiting at most the engine's timeout. */
    private void letLand(CacheBackend backend, @Nullable CompletableFuture<?> store) {
        if (store != null && !store.isDone()) {
            try {
                BackendCalls.await(store, this.calls.budgetNanos(backend));
            }
            catch (RuntimeException ex) {
                // Too slow: the store deletes what it wrote once it lands (see storeRemotely).
            }
        }
    }

    private void deleteNow(CacheDefinition cache, String key) {
        this.calls.call(cache.backend(), () -> cache.backend().delete(key), () -> {
            cache.backend().deleteSync(key);
            return null;
        });
    }

    /**
     * Queues an invalidation behind those the backend failed, without calling it, when some are waiting: they are
     * applied in order once it answers, and meanwhile no read of it is served. So a call that invalidates several
     * things of a backend that does not answer waits for one timeout, not one per invalidation. With fail-open off,
     * every invalidation tries the backend and its failure reaches the caller.
     */
    private boolean queuedBehindFailures(String backendName, CacheBackend backend, String id, Runnable retry) {
        if (!this.failOpen || !this.pending.waiting(backend)) {
            return false;
        }
        this.pending.add(backendName, backend, id, retry);
        return true;
    }

    /** Keeps a failed invalidation to apply again; the in-memory backend, which never fails one, needs none. */
    private void remember(String backendName, CacheBackend backend, String id, Runnable retry) {
        if (!(backend instanceof InMemoryCacheBackend)) {
            this.pending.add(backendName, backend, id, retry);
        }
    }

    private @Nullable Object join(CacheDefinition cache, String key, Flight flight, CacheLoader loader)
            throws Throwable {
        SingleFlight.Outcome outcome = this.flights.await(flight);
        if (outcome == SingleFlight.Outcome.DONE) {
            return flight.value();
        }
        if (outcome == SingleFlight.Outcome.TIMED_OUT) {
            this.failureLog.record("cache '" + cache.name() + "'", "wait for the load of " + key,
                    new TimeoutException("the load took longer than the single-flight max-wait; the method ran again"));
        }
        return loader.load();
    }

    private CacheLookup budgetedLookup(CacheDefinition cache, String key) {
        if (this.pending.blocks(cache.backend())) {
            // An invalidation this backend failed is not applied yet: what it holds may be out of date.
            return CacheLookup.budgetedMiss(0, true);
        }
        long started = System.nanoTime();
        long budget = this.calls.budgetNanos(cache.backend());
        try {
            CacheLookup found = this.calls.call(cache.backend(),
                    () -> cache.backend().get(key, cache.valueType()), budget,
                    () -> cache.backend().getSync(key, cache.valueType()));
            return found.isHit() ? found
                    : CacheLookup.budgetedMiss(budget - (System.nanoTime() - started), false);
        }
        catch (RuntimeException ex) {
            backendFailed(cache.name(), cache.backendName(), "get " + key, ex);
            return CacheLookup.budgetedMiss(0, true);
        }
    }

    /**
     * Looks a key up within a budget, turning a failure into a miss (when the engine fails open). A second lookup
     * that the call's budget cannot wait for is a miss too, but no failure of the backend.
     */
    private CacheLookup read(CacheDefinition cache, String key, boolean memory, long budgetNanos) {
        try {
            return memory ? cache.backend().getSync(key, cache.valueType())
                    : BackendCalls.await(cache.backend().get(key, cache.valueType()), budgetNanos);
        }
        catch (BackendCalls.StillRunning ex) {
            return CacheLookup.miss();
        }
        catch (RuntimeException ex) {
            backendFailed(cache.name(), cache.backendName(), "get " + key, ex);
            return CacheLookup.miss();
        }
    }

    /**
     * Runs the loader and stores its result under the flight's fence.
     * @param unreachable whether the backend has just failed this call's lookup, so that nothing is stored
     * @param budgetNanos what is left of the call's budget for the store
     */
    private @Nullable Object loadAndStore(CacheDefinition cache, String key, CacheLoader loader, StorePolicy policy,
            Flight flight, boolean memory, boolean unreachable, long budgetNanos) throws Throwable {
        long started = (this.listeners.length > 0) ? System.nanoTime() : 0;
        Object value = loader.load();
        emit(Kind.LOAD, cache.name(), key, cache.backendName(), started, null);
        if ((value == null && !cache.cacheNull()) || unreachable) {
            return value;
        }
        Set<String> tags = tagsFor(cache, key, value, policy);
        if (tags != null) {
            store(cache, key, value, tags, flight, memory, budgetNanos);
        }
        return value;
    }

    private void store(CacheDefinition cache, String key, @Nullable Object value, Set<String> tags, Flight flight,
            boolean memory, long budgetNanos) {
        long started = (this.listeners.length > 0) ? System.nanoTime() : 0;
        CacheBackend backend = cache.backend();
        try {
            if (memory) {
                if (!flight.storeUnlessFenced(() -> backend.setSync(key, value, cache.ttl(), tags))) {
                    return;
                }
            }
            else if (!storeRemotely(cache, key, value, tags, flight, budgetNanos)) {
                return;
            }
        }
        catch (RuntimeException ex) {
            backendFailed(cache.name(), cache.backendName(), "set " + key, ex);
            return;
        }
        emit(Kind.PUT, cache.name(), key, cache.backendName(), started, null);
    }

    /**
     * Stores into a backend that may keep the call waiting: issued outside the flight's lock (a backend may block
     * while it issues), waited for at most what is left of the call's budget, and left to land in the background
     * after that. A fence that comes meanwhile lets it land before it writes; one that could not wait that long is
     * made up for by deleting the key once the store has landed.
     * @return whether the store landed within the budget
     */
    private boolean storeRemotely(CacheDefinition cache, String key, @Nullable Object value, Set<String> tags,
            Flight flight, long budgetNanos) {
        CacheBackend backend = cache.backend();
        CompletableFuture<Void> landed = flight.beginStore();
        if (landed == null) {
            return false;
        }
        CompletableFuture<Void> issued;
        try {
            issued = Objects.requireNonNull(backend.set(key, value, cache.ttl(), tags), "a backend returned no future");
        }
        catch (RuntimeException ex) {
            landed.complete(null);
            throw ex;
        }
        issued.whenComplete((done, failure) -> {
            if (flight.fencedAfterStoring()) {
                compensate(cache, key);
            }
            landed.complete(null);
        });
        this.flights.storing(backend, flight, landed);
        if (!issued.isDone() && budgetNanos <= 0) {
            issued.whenComplete((done, failure) -> storeEnded(cache, key, failure));
            return false;
        }
        try {
            BackendCalls.await(issued, budgetNanos);
            return true;
        }
        catch (BackendCalls.StillRunning running) {
            issued.whenComplete((done, failure) -> storeEnded(cache, key, failure));
            return false;
        }
    }

    /** Deletes what a store wrote after an invalidation that could not wait for it had already deleted the key. */
    private void compensate(CacheDefinition cache, String key) {
        try {
            cache.backend().delete(key).whenComplete((done, failure) -> {
                if (failure != null) {
                    storeEnded(cache, key, failure);
                }
            });
        }
        catch (RuntimeException ex) {
            storeEnded(cache, key, ex);
        }
    }

    /** A store (or its compensation) that failed in the background, after its call had returned. */
    private void storeEnded(CacheDefinition cache, String key, @Nullable Throwable failure) {
        if (failure != null) {
            RuntimeException ex = unwrap((failure instanceof RuntimeException runtime) ? runtime
                    : new CompletionException(failure));
            this.failureLog.record("backend '" + cache.backendName() + "'", "set " + key, ex);
            emit(Kind.ERROR, cache.name(), "set " + key, cache.backendName(), 0, ex);
        }
    }

    private @Nullable Set<String> tagsFor(CacheDefinition cache, String key, @Nullable Object value,
            StorePolicy policy) {
        try {
            return policy.tagsFor(value);
        }
        catch (RuntimeException ex) {
            this.failureLog.record("cache '" + cache.name() + "'", "decide whether and how to store " + key, ex);
            return null;
        }
    }

    private void backendFailed(@Nullable String cacheName, String backendName, String what, RuntimeException thrown) {
        RuntimeException failure = unwrap(thrown);
        this.failureLog.record("backend '" + backendName + "'", what, failure);
        if (this.listeners.length > 0) {
            emit(Kind.ERROR, cacheName, what, backendName, 0, failure);
        }
        if (!this.failOpen) {
            throw failure;
        }
    }

    private void emit(Kind kind, @Nullable String cacheName, String key, String backendName, long startedNanos,
            @Nullable Throwable failure) {
        if (this.listeners.length == 0) {
            return;
        }
        Duration duration = (startedNanos != 0) ? Duration.ofNanos(System.nanoTime() - startedNanos) : Duration.ZERO;
        CacheEvent event = new CacheEvent(kind, cacheName, key, backendName, duration, failure);
        for (CacheEventListener listener : this.listeners) {
            try {
                listener.onEvent(event);
            }
            catch (RuntimeException ex) {
                this.failureLog.record("listener " + listener.getClass().getName(), "handle " + kind, ex);
            }
        }
    }

    /** The backend's own exception, rather than the {@code CompletionException} that a joined future wraps it in. */
    private static RuntimeException unwrap(RuntimeException ex) {
        return (ex instanceof CompletionException && ex.getCause() instanceof RuntimeException cause) ? cause : ex;
    }

    /** Options of a {@link CacheEngine}. */
    public static final class Builder {

        private boolean failOpen = true;

        private Duration failureLogInterval = DEFAULT_FAILURE_LOG_INTERVAL;

        private List<? extends CacheEventListener> listeners = List.of();

        private Duration maxWait = DEFAULT_MAX_WAIT;

        private Duration timeout = DEFAULT_TIMEOUT;

        private Duration retryInterval = DEFAULT_RETRY_INTERVAL;

        private Builder() {
        }

        /**
         * Whether a failing backend makes calls go on without the cache (the default); when {@code false}, a
         * backend's exception reaches the caller instead.
         */
        public Builder failOpen(boolean failOpen) {
            this.failOpen = failOpen;
            return this;
        }

        /** How often one source's failures may be logged. */
        public Builder failureLogInterval(Duration interval) {
            this.failureLogInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** Told of every event, in this order. */
        public Builder listeners(List<? extends CacheEventListener> listeners) {
            this.listeners = List.copyOf(listeners);
            return this;
        }

        /** How long a caller waits at most for another caller's load of the same key, then runs it itself. */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = positive(maxWait, "maxWait");
            return this;
        }

        /** How long a call waits at most for a backend that does not bound its own operations. */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** How often invalidations that a backend failed are tried again; for tests. */
        Builder retryInterval(Duration retryInterval) {
            this.retryInterval = Objects.requireNonNull(retryInterval, "retryInterval");
            return this;
        }

        public CacheEngine build() {
            return new CacheEngine(this);
        }

        private static Duration positive(@Nullable Duration duration, String name) {
            if (duration == null || duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + duration);
            }
            return duration;
        }
    }
}
