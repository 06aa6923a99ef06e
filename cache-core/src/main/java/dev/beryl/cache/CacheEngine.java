package dev.beryl.cache;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheEvent.Kind;

/**
 * The lookup engine behind every cached call: get, and on a miss load, store and return; and the writes that keep
 * caches fresh: put, invalidate, invalidate a tag, clear.
 * <ul>
 * <li><b>Single flight.</b> Concurrent misses on one key run the loader once; the other callers wait for it and
 * receive the same value, or the same exception.</li>
 * <li><b>Exceptions are not cached.</b> A loader that throws stores nothing, and its exception reaches every
 * waiting caller unchanged.</li>
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

    private final RateLimitedLog failureLog;

    private final boolean failOpen;

    private final CacheEventListener[] listeners;

    private final ConcurrentMap<CacheBackend, ConcurrentMap<String, Flight>> flights = new ConcurrentHashMap<>();

    /** A fail-open engine without listeners that logs each source's failures at most every 10 seconds. */
    public CacheEngine() {
        this(true, DEFAULT_FAILURE_LOG_INTERVAL);
    }

    /**
     * @param failOpen whether a failing backend makes calls go on without the cache (the default); when
     * {@code false}, a backend's exception reaches the caller instead
     * @param failureLogInterval how often one source's failures may be logged
     */
    public CacheEngine(boolean failOpen, Duration failureLogInterval) {
        this(failOpen, failureLogInterval, List.of());
    }

    /**
     * @param listeners told of every event, in this order
     */
    public CacheEngine(boolean failOpen, Duration failureLogInterval, List<? extends CacheEventListener> listeners) {
        this.failOpen = failOpen;
        this.failureLog = new RateLimitedLog(failureLogInterval);
        this.listeners = listeners.toArray(CacheEventListener[]::new);
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
        return loadAfterMiss(cache, key, loader, policy);
    }

    /**
     * The second half of {@link #getOrLoad(CacheDefinition, String, CacheLoader, StorePolicy)}, for a caller that
     * has just {@link #lookup looked the key up} and missed: runs {@code loader} once for all concurrent callers
     * (looking the key up again first, in case another caller stored it meanwhile), stores its result and returns
     * it. Split so that a hit need not create a loader.
     * @throws Throwable whatever the loader threw, unchanged
     */
    public @Nullable Object loadAfterMiss(CacheDefinition cache, String key, CacheLoader loader, StorePolicy policy)
            throws Throwable {
        ConcurrentMap<String, Flight> inFlight = this.flights.computeIfAbsent(cache.backend(),
                (backend) -> new ConcurrentHashMap<>());
        Flight mine = new Flight();
        Flight leader = inFlight.putIfAbsent(key, mine);
        if (leader != null) {
            if (leader.owner == Thread.currentThread()) {
                // The loader asks for its own key again: waiting for ourselves would never end.
                return loader.load();
            }
            return leader.await(loader);
        }
        Object value;
        try {
            // A load may have finished between our miss and our claim: look once more before running the loader.
            CacheLookup cached = read(cache, key);
            value = cached.isHit() ? cached.value() : loadAndStore(cache, key, loader, policy);
        }
        catch (Throwable ex) {
            inFlight.remove(key, mine);
            mine.fail(ex);
            throw ex;
        }
        // Leave the map before waking the waiters, so that no later caller joins a load whose result may not
        // have been stored.
        inFlight.remove(key, mine);
        mine.succeed(value);
        return value;
    }

    /** Looks a key up, turning a failing backend into a miss when the engine fails open. */
    public CacheLookup lookup(CacheDefinition cache, String key) {
        long started = (this.listeners.length > 0) ? System.nanoTime() : 0;
        CacheLookup lookup = read(cache, key);
        if (this.listeners.length > 0) {
            emit(lookup.isHit() ? Kind.HIT : Kind.MISS, cache.name(), key, cache.backendName(), started, null);
        }
        return lookup;
    }

    /**
     * Stores a value with tags, replacing what was there; a failing backend is logged, and otherwise ignored when
     * the engine fails open.
     * @return whether the value was stored
     */
    public boolean put(CacheDefinition cache, String key, @Nullable Object value, Set<String> tags) {
        long started = (this.listeners.length > 0) ? System.nanoTime() : 0;
        try {
            if (tags.isEmpty()) {
                cache.backend().setSync(key, value, cache.ttl());
            }
            else {
                cache.backend().setSync(key, value, cache.ttl(), tags);
            }
        }
        catch (RuntimeException ex) {
            backendFailed(cache.name(), cache.backendName(), "set " + key, ex);
            return false;
        }
        emit(Kind.PUT, cache.name(), key, cache.backendName(), started, null);
        return true;
    }

    /** Removes one key. */
    public void invalidate(CacheDefinition cache, String key) {
        long started = (this.listeners.length > 0) ? System.nanoTime() : 0;
        try {
            cache.backend().deleteSync(key);
        }
        catch (RuntimeException ex) {
            backendFailed(cache.name(), cache.backendName(), "invalidate " + key, ex);
            return;
        }
        emit(Kind.INVALIDATE, cache.name(), key, cache.backendName(), started, null);
    }

    /** Removes every entry of a cache. */
    public void clear(CacheDefinition cache) {
        long started = (this.listeners.length > 0) ? System.nanoTime() : 0;
        try {
            cache.backend().clear(cache.namespace()).join();
        }
        catch (RuntimeException ex) {
            backendFailed(cache.name(), cache.backendName(), "clear " + cache.namespace(), ex);
            return;
        }
        emit(Kind.CLEAR, cache.name(), cache.namespace(), cache.backendName(), started, null);
    }

    /**
     * Removes every entry that a backend stored with a tag.
     * @param tagId the full tag id, see {@link Tags#id}
     */
    public void invalidateTag(String backendName, CacheBackend backend, String tagId) {
        long started = (this.listeners.length > 0) ? System.nanoTime() : 0;
        try {
            backend.invalidateTag(tagId).join();
        }
        catch (RuntimeException ex) {
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

    private CacheLookup read(CacheDefinition cache, String key) {
        try {
            return cache.backend().getSync(key, cache.valueType());
        }
        catch (RuntimeException ex) {
            backendFailed(cache.name(), cache.backendName(), "get " + key, ex);
            return CacheLookup.miss();
        }
    }


    private @Nullable Object loadAndStore(CacheDefinition cache, String key, CacheLoader loader, StorePolicy policy)
            throws Throwable {
        long started = (this.listeners.length > 0) ? System.nanoTime() : 0;
        Object value = loader.load();
        emit(Kind.LOAD, cache.name(), key, cache.backendName(), started, null);
        if (value != null || cache.cacheNull()) {
            Set<String> tags = tagsFor(cache, key, value, policy);
            if (tags != null) {
                put(cache, key, value, tags);
            }
        }
        return value;
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

    /** One load in progress, which concurrent callers of the same key wait for. */
    private static final class Flight {

        final Thread owner = Thread.currentThread();

        private final CountDownLatch done = new CountDownLatch(1);

        private @Nullable Object value;

        private @Nullable Throwable failure;

        void succeed(@Nullable Object value) {
            this.value = value;
            this.done.countDown();
        }

        void fail(Throwable failure) {
            this.failure = failure;
            this.done.countDown();
        }

        /**
         * Waits for the leader's outcome. A waiter that is interrupted stops waiting, keeps its interrupt status and
         * runs the loader itself, without storing.
         */
        @Nullable Object await(CacheLoader loader) throws Throwable {
            try {
                this.done.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return loader.load();
            }
            if (this.failure != null) {
                throw this.failure;
            }
            return this.value;
        }
    }
}
