package dev.beryl.cache.internal;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheEvent.Kind;
import dev.beryl.cache.LeasingCacheBackend;
import dev.beryl.cache.TaggingCacheBackend;
import dev.beryl.cache.internal.SingleFlight.Flight;

/**
 * The store half of the asynchronous loads of {@link AsyncLoads}: what follows the method's future. The load is
 * counted; the handler decides whether its value is shared with the callers that wait for the flight, and with which
 * tags it is stored; the value is stored under the flight's fence (in memory inline, under the lease of {@code GLOBAL}
 * single flight, or else through {@link RemoteStore} within what is left of the call's budget); then the flight ends.
 * What follows a remote store runs on the engine's continuation executor, never on a backend's I/O thread.
 */
final class AsyncStores {

    private final SingleFlight flights;

    private final RemoteStore remote;

    private final EngineEvents events;

    private final ContinuationPool continuations;

    private final Lifetimes lifetimes;

    private final Leases leases;

    AsyncStores(SingleFlight flights, RemoteStore remote, EngineEvents events, ContinuationPool continuations,
            Lifetimes lifetimes, Leases leases) {
        this.flights = flights;
        this.remote = remote;
        this.events = events;
        this.continuations = continuations;
        this.lifetimes = lifetimes;
        this.leases = leases;
    }

    /**
     * What follows the method's future: count the load, decide whether to share and store its value, store it
     * (under the lease {@code token}, where one is held), and end the flight.
     */
    <C> CompletableFuture<@Nullable Object> afterLoad(CacheDefinition cache, String key, C call,
            AsyncMissHandler<? super C> miss, Flight flight, boolean memory, boolean unreachable,
            @Nullable String token, long remaining, CompletableFuture<@Nullable Object> loaded, long started,
            long loadStarted) {
        if (!loaded.isDone()) {
            this.flights.bound(flight);
        }
        return loaded.handle((value, failure) -> {
            cache.counters().loaded(failure == null, System.nanoTime() - loadStarted);
            if (failure != null) {
                flight.fail();
                return CompletableFuture.<@Nullable Object>failedFuture(AsyncLoads.unwrap(failure));
            }
            this.events.emit(Kind.LOAD, cache.name(), key, cache.backendName(), started, null);
            if (!this.events.decide(cache, key, () -> miss.shareable(call, value), false)) {
                // The waiting callers run the method themselves.
                flight.withhold();
                return CompletableFuture.completedFuture(value);
            }
            Set<String> tags = ((value == null && !cache.cacheNull()) || unreachable) ? null
                    : this.events.decide(cache, key, () -> miss.tagsFor(call, value), null);
            if (tags == null) {
                flight.succeed(value);
                return CompletableFuture.completedFuture(value);
            }
            return store(cache, key, value, tags, flight, memory, token,
                    remaining - (System.nanoTime() - loadStarted))
                    .handle((stored, storeFailure) -> {
                        if (storeFailure != null) {
                            flight.fail();
                            throw new CompletionException(AsyncLoads.unwrap(storeFailure));
                        }
                        if (Boolean.TRUE.equals(stored)) {
                            miss.stored(call);
                        }
                        flight.succeed(value);
                        return value;
                    });
        }).thenCompose(Function.identity());
    }

    /**
     * Stores a loaded value under the flight's fence.
     * @return whether it was stored; exceptionally only with fail-open off
     */
    private CompletableFuture<Boolean> store(CacheDefinition cache, String key, @Nullable Object value,
            Set<String> tags, Flight flight, boolean memory, @Nullable String token, long budgetNanos) {
        long started = this.events.listening() ? System.nanoTime() : 0;
        CacheBackend backend = cache.backend();
        CompletableFuture<Boolean> stored;
        Lifetimes.Stored entry = this.lifetimes.stored(cache, value);
        if (memory) {
            try {
                stored = CompletableFuture.completedFuture(flight.storeUnlessFenced(
                        () -> TaggingCacheBackend.setSync(backend, key, entry.value(), entry.ttl(), tags)));
            }
            catch (RuntimeException ex) {
                stored = CompletableFuture.failedFuture(ex);
            }
        }
        else if (token != null) {
            stored = flight.isFenced() ? CompletableFuture.completedFuture(false)
                    : this.leases.storeAsync(cache, (LeasingCacheBackend) backend, key, entry, tags, token, budgetNanos)
                            .whenCompleteAsync((done, failure) -> {
                            }, this.continuations);
        }
        else {
            // What follows a remote store runs on the engine's threads, not on the backend's I/O thread (nor on the
            // timer that ends the budget).
            stored = this.remote.storeAsync(cache, key, entry, tags, flight, budgetNanos)
                    .whenCompleteAsync((done, failure) -> {
                    }, this.continuations);
        }
        return stored.handle((done, failure) -> {
            if (failure != null) {
                // Throws with fail-open off.
                this.events.backendFailed(cache.name(), cache.backendName(), "set " + key,
                        AsyncLoads.asRuntime(failure));
                return false;
            }
            if (done) {
                cache.counters().put();
                this.events.emit(Kind.PUT, cache.name(), key, cache.backendName(), started, null);
            }
            return done;
        });
    }
}
