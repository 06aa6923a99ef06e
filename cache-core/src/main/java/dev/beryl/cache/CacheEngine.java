package dev.beryl.cache;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The lookup engine behind every cached call: get, and on a miss load, store and return.
 * <ul>
 * <li><b>Single flight.</b> Concurrent misses on one key run the loader once; the other callers wait for it and
 * receive the same value, or the same exception.</li>
 * <li><b>Exceptions are not cached.</b> A loader that throws stores nothing, and its exception reaches every
 * waiting caller unchanged.</li>
 * <li><b>Fail-open.</b> A backend that throws on get counts as a miss, and one that throws on set leaves the value
 * uncached; either way the caller gets the loader's answer. Failures are counted and logged at most once per
 * interval and backend. An engine built with {@code failOpen = false} lets the backend's exception reach the
 * caller instead.</li>
 * </ul>
 * Thread-safe; one engine serves all caches of an application.
 */
public final class CacheEngine {

    /** How often one backend's failures may be logged. */
    public static final Duration DEFAULT_FAILURE_LOG_INTERVAL = Duration.ofSeconds(10);

    private static final Predicate<Object> STORE_ALWAYS = (value) -> true;

    private final RateLimitedLog failureLog;

    private final boolean failOpen;

    private final ConcurrentMap<CacheBackend, ConcurrentMap<String, Flight>> flights = new ConcurrentHashMap<>();

    /** A fail-open engine that logs each source's failures at most every 10 seconds. */
    public CacheEngine() {
        this(true, DEFAULT_FAILURE_LOG_INTERVAL);
    }

    /**
     * @param failOpen whether a failing backend makes calls go on without the cache (the default); when
     * {@code false}, a backend's exception reaches the caller instead
     * @param failureLogInterval how often one source's failures may be logged
     */
    public CacheEngine(boolean failOpen, Duration failureLogInterval) {
        this.failOpen = failOpen;
        this.failureLog = new RateLimitedLog(failureLogInterval);
    }

    /** {@link #getOrLoad(CacheDefinition, String, CacheLoader, Predicate)} storing every result it may. */
    public @Nullable Object getOrLoad(CacheDefinition cache, String key, CacheLoader loader) throws Throwable {
        return getOrLoad(cache, key, loader, STORE_ALWAYS);
    }

    /**
     * Returns the value cached under {@code key}, or runs {@code loader} once for all concurrent callers, stores
     * its result and returns it.
     * @param storeIf decides whether a loaded value is stored (for {@code unless}); {@code null} results are
     * stored only when the cache allows it, before this is asked
     * @throws Throwable whatever the loader threw, unchanged
     */
    public @Nullable Object getOrLoad(CacheDefinition cache, String key, CacheLoader loader,
            Predicate<Object> storeIf) throws Throwable {
        CacheLookup cached = lookup(cache, key);
        if (cached.isHit()) {
            return cached.value();
        }
        return loadOnce(cache, key, loader, storeIf);
    }

    /** Looks a key up, turning a failing backend into a miss when the engine fails open. */
    public CacheLookup lookup(CacheDefinition cache, String key) {
        try {
            return cache.backend().getSync(key, cache.valueType());
        }
        catch (RuntimeException ex) {
            backendFailed(cache, "get " + key, ex);
            return CacheLookup.miss();
        }
    }

    /**
     * Stores a value; a failing backend is logged, and otherwise ignored when the engine fails open.
     * @return whether the value was stored
     */
    public boolean store(CacheDefinition cache, String key, @Nullable Object value) {
        try {
            cache.backend().setSync(key, value, cache.ttl());
            return true;
        }
        catch (RuntimeException ex) {
            backendFailed(cache, "set " + key, ex);
            return false;
        }
    }

    private void backendFailed(CacheDefinition cache, String what, RuntimeException failure) {
        this.failureLog.record("backend '" + cache.backendName() + "'", what, failure);
        if (!this.failOpen) {
            throw failure;
        }
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

    private @Nullable Object loadOnce(CacheDefinition cache, String key, CacheLoader loader,
            Predicate<Object> storeIf) throws Throwable {
        ConcurrentMap<String, Flight> inFlight = this.flights.computeIfAbsent(cache.backend(),
                (backend) -> new ConcurrentHashMap<>());
        Flight mine = new Flight();
        Flight leader = inFlight.putIfAbsent(key, mine);
        if (leader != null) {
            return leader.await();
        }
        try {
            // A load may have finished between our miss and our claim: look once more before running the loader.
            CacheLookup cached = lookup(cache, key);
            Object value = cached.isHit() ? cached.value() : loadAndStore(cache, key, loader, storeIf);
            mine.succeed(value);
            return value;
        }
        catch (Throwable ex) {
            mine.fail(ex);
            throw ex;
        }
        finally {
            inFlight.remove(key, mine);
        }
    }

    private @Nullable Object loadAndStore(CacheDefinition cache, String key, CacheLoader loader,
            Predicate<Object> storeIf) throws Throwable {
        Object value = loader.load();
        if ((value != null || cache.cacheNull()) && shouldStore(cache, key, value, storeIf)) {
            store(cache, key, value);
        }
        return value;
    }

    private boolean shouldStore(CacheDefinition cache, String key, @Nullable Object value,
            Predicate<Object> storeIf) {
        try {
            return storeIf.test(value);
        }
        catch (RuntimeException ex) {
            this.failureLog.record("cache '" + cache.name() + "'", "decide whether to store " + key, ex);
            return false;
        }
    }

    /** One load in progress, which concurrent callers of the same key wait for. */
    private static final class Flight {

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

        @Nullable Object await() throws Throwable {
            boolean interrupted = false;
            while (true) {
                try {
                    this.done.await();
                    break;
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (this.failure != null) {
                throw this.failure;
            }
            return this.value;
        }
    }
}
