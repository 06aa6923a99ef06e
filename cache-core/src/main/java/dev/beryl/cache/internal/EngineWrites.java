package dev.beryl.cache.internal;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheEvent.Kind;
import dev.beryl.cache.TaggingCacheBackend;
import dev.beryl.cache.Tags;
import dev.beryl.cache.memory.InMemoryCacheBackend;

/**
 * The engine's writes: put, invalidate, clear, invalidate a tag. Each fences the loads it concerns before and after
 * it writes (see {@link SingleFlight}), lets a store still on its way land first, and keeps what a backend failed
 * to apply ({@link PendingInvalidations}).
 */
final class EngineWrites {

    /**
     * How long a clear or tag invalidation of a backend that bounds each of its commands (Redis: many commands, each
     * within the timeout) may take in all before the call gives up waiting; it is then kept and applied again.
     */
    private static final long LONG_OPERATION_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    private final SingleFlight flights;

    private final BackendCalls calls;

    private final PendingInvalidations pending;

    private final EngineEvents events;

    private final Lifetimes lifetimes;

    EngineWrites(SingleFlight flights, BackendCalls calls, PendingInvalidations pending, EngineEvents events,
            Lifetimes lifetimes) {
        this.lifetimes = lifetimes;
        this.flights = flights;
        this.calls = calls;
        this.pending = pending;
        this.events = events;
    }

    /**
     * Stores a value with tags, replacing what was there; a failing backend is logged, and otherwise ignored when
     * the engine fails open. A load of the key that is running does not store its older value after this.
     * @return whether the value was stored
     */
    boolean put(CacheDefinition cache, String key, @Nullable Object value, Set<String> tags) {
        letLand(cache.backend(), this.flights.fence(cache.backend(), key));
        if (queuedBehindFailures(cache.backendName(), cache.backend(), "invalidate " + key,
                () -> deleteNow(cache, key))) {
            return false;
        }
        long started = this.events.listening() ? System.nanoTime() : 0;
        Lifetimes.Stored stored = this.lifetimes.stored(cache, value);
        try {
            this.calls.call(cache.backend(),
                    () -> TaggingCacheBackend.set(cache.backend(), key, stored.value(), stored.ttl(), tags), () -> {
                        TaggingCacheBackend.setSync(cache.backend(), key, stored.value(), stored.ttl(), tags);
                        return null;
                    });
        }
        catch (RuntimeException ex) {
            // What the put replaces is out of date: it must go, now or once the backend answers again.
            remember(cache.backendName(), cache.backend(), "invalidate " + key, () -> deleteNow(cache, key));
            this.events.backendFailed(cache.name(), cache.backendName(), "set " + key, ex);
            return false;
        }
        finally {
            // A load that started before this returned and read the old value must not store it either.
            this.flights.fence(cache.backend(), key);
        }
        cache.counters().put();
        this.events.emit(Kind.PUT, cache.name(), key, cache.backendName(), started, null);
        return true;
    }

    /** Removes one key; a load of it that is running does not store. */
    void invalidate(CacheDefinition cache, String key) {
        letLand(cache.backend(), this.flights.fence(cache.backend(), key));
        if (queuedBehindFailures(cache.backendName(), cache.backend(), "invalidate " + key,
                () -> deleteNow(cache, key))) {
            return;
        }
        long started = this.events.listening() ? System.nanoTime() : 0;
        try {
            deleteNow(cache, key);
        }
        catch (RuntimeException ex) {
            remember(cache.backendName(), cache.backend(), "invalidate " + key, () -> deleteNow(cache, key));
            this.events.backendFailed(cache.name(), cache.backendName(), "invalidate " + key, ex);
            return;
        }
        finally {
            // A load that started before this returned and read the old value must not store it either.
            this.flights.fence(cache.backend(), key);
        }
        cache.counters().removal();
        this.events.emit(Kind.INVALIDATE, cache.name(), key, cache.backendName(), started, null);
    }

    /** Removes every entry of a cache; loads of its keys that are running do not store. */
    void clear(CacheDefinition cache) {
        String keyStart = cache.namespace() + ':';
        this.flights.fenceAll(cache.backend(), (key) -> key.startsWith(keyStart));
        long started = this.events.listening() ? System.nanoTime() : 0;
        Runnable clear = () -> this.calls.call(cache.backend(), () -> cache.backend().clear(cache.namespace()),
                () -> BackendCalls.await(cache.backend().clear(cache.namespace()), LONG_OPERATION_NANOS));
        if (queuedBehindFailures(cache.backendName(), cache.backend(), "clear " + cache.namespace(), clear)) {
            return;
        }
        try {
            clear.run();
            this.flights.fenceAll(cache.backend(), (key) -> key.startsWith(keyStart));
        }
        catch (RuntimeException ex) {
            remember(cache.backendName(), cache.backend(), "clear " + cache.namespace(), clear);
            this.events.backendFailed(cache.name(), cache.backendName(), "clear " + cache.namespace(), ex);
            return;
        }
        cache.counters().removal();
        this.events.emit(Kind.CLEAR, cache.name(), cache.namespace(), cache.backendName(), started, null);
    }

    /**
     * Removes every entry that a backend stored with a tag. Loads running on that backend do not store, since
     * their tags are not known before they end.
     * @param tagId the full tag id, see {@link Tags#id}
     */
    void invalidateTag(String backendName, CacheBackend backend, String tagId) {
        this.flights.fenceAll(backend, (key) -> true);
        long started = this.events.listening() ? System.nanoTime() : 0;
        Runnable invalidation = () -> this.calls.call(backend, () -> TaggingCacheBackend.invalidateTag(backend, tagId),
                () -> BackendCalls.await(TaggingCacheBackend.invalidateTag(backend, tagId), LONG_OPERATION_NANOS));
        if (queuedBehindFailures(backendName, backend, "invalidate tag " + tagId, invalidation)) {
            return;
        }
        try {
            invalidation.run();
            this.flights.fenceAll(backend, (key) -> true);
        }
        catch (RuntimeException ex) {
            remember(backendName, backend, "invalidate tag " + tagId, invalidation);
            this.events.backendFailed(null, backendName, "invalidate tag " + tagId, ex);
            return;
        }
        this.events.emit(Kind.INVALIDATE_TAG, null, tagId, backendName, started, null);
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
        if (!this.events.failOpen() || !this.pending.waiting(backend)) {
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
}
