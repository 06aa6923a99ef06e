package dev.beryl.cache.internal;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
    boolean store(CacheDefinition cache, String key, Lifetimes.Stored stored, Set<String> tags,
            Flight flight, long budgetNanos) {
        CompletableFuture<Void> issued = issue(cache, key, stored, tags, flight);
        if (issued == null) {
            return false;
        }
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

    /**
     * {@link #store} without blocking: the future completes with whether the store landed within the budget, or
     * exceptionally with the backend's failure. A store still on its way when the budget is spent lands in the
     * background, as for {@link #store}.
     */
    CompletableFuture<Boolean> storeAsync(CacheDefinition cache, String key, Lifetimes.Stored stored,
            Set<String> tags, Flight flight, long budgetNanos) {
        CompletableFuture<Void> issued;
        try {
            issued = issue(cache, key, stored, tags, flight);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        if (issued == null) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> landed = issued.thenApply((done) -> true);
        if (!issued.isDone()) {
            landed = landed.completeOnTimeout(false, Math.max(0, budgetNanos), TimeUnit.NANOSECONDS);
            landed.thenAccept((inTime) -> {
                if (!inTime) {
                    issued.whenComplete((done, failure) -> this.events.failedInTheBackground(cache, "set " + key,
                            failure));
                }
            });
        }
        return landed;
    }

    /**
     * Issues the store under the flight's fence: outside the flight's lock (a backend may block while it issues),
     * reachable for fences until it lands.
     * @return the issued store, or {@code null} if an invalidation fenced the flight first
     */
    private @Nullable CompletableFuture<Void> issue(CacheDefinition cache, String key, Lifetimes.Stored stored,
            Set<String> tags, Flight flight) {
        CacheBackend backend = cache.backend();
        CompletableFuture<Void> landed = flight.beginStore();
        if (landed == null) {
            return null;
        }
        CompletableFuture<Void> issued;
        try {
            issued = this.calls.issue(backend,
                    () -> TaggingCacheBackend.set(backend, key, stored.value(), stored.ttl(), tags));
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
        return issued;
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
