package dev.beryl.cache.internal;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.TaggingCacheBackend;
import dev.beryl.cache.internal.SingleFlight.Flight;

/**
 * The store after a miss into a backend other than the in-memory one, under the flight's fence and within what is
 * left of the call's budget.
 */
final class RemoteStore {

    private final SingleFlight flights;

    private final BackendCalls calls;

    private final EngineEvents events;

    RemoteStore(SingleFlight flights, BackendCalls calls, EngineEvents events) {
        this.flights = flights;
        this.calls = calls;
        this.events = events;
    }

    /**
     * Stores into a backend that may keep the call waiting: issued outside the flight's lock (a backend may block
     * while it issues), waited for at most what is left of the call's budget, and left to land in the background
     * after that. A fence that comes meanwhile lets it land before it writes; one that could not wait that long is
     * made up for by deleting the key once the store has landed.
     * @return whether the store landed within the budget
     */
    boolean store(CacheDefinition cache, String key, @Nullable Object value, Set<String> tags,
            Flight flight, long budgetNanos) {
        CacheBackend backend = cache.backend();
        CompletableFuture<Void> landed = flight.beginStore();
        if (landed == null) {
            return false;
        }
        CompletableFuture<Void> issued;
        try {
            issued = this.calls.issue(backend, () -> TaggingCacheBackend.set(backend, key, value, cache.ttl(), tags));
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
            issued.whenComplete((done, failure) -> this.events.failedInTheBackground(cache, "set " + key, failure));
            return false;
        }
        try {
            BackendCalls.await(issued, budgetNanos);
            return true;
        }
        catch (BackendCalls.StillRunning running) {
            issued.whenComplete((done, failure) -> this.events.failedInTheBackground(cache, "set " + key, failure));
            return false;
        }
    }

    /** Deletes what a store wrote after an invalidation that could not wait for it had already deleted the key. */
    private void compensate(CacheDefinition cache, String key) {
        try {
            cache.backend().delete(key).whenComplete((done, failure) -> {
                if (failure != null) {
                    this.events.failedInTheBackground(cache, "set " + key, failure);
                }
            });
        }
        catch (RuntimeException ex) {
            this.events.failedInTheBackground(cache, "set " + key, ex);
        }
    }
}
