package dev.beryl.cache.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheBackend;

/**
 * The loads in progress, one per backend and key, that concurrent callers of the same key join instead of running
 * the method again; and the fences that invalidations put up in front of them.
 * <ul>
 * <li><b>Bounded waits.</b> A caller waits for a load at most {@code maxWait}, then runs the method itself.</li>
 * <li><b>No deadlocks.</b> A caller whose wait would close a cycle (the load it waits for waits, directly or through
 * other loads, for a load that this caller runs) runs the method at once instead of waiting.</li>
 * <li><b>Invalidation is a barrier.</b> {@link #fence} takes a load out of the map, so that later callers start a
 * load of their own, and marks it so that it does not store.</li>
 * </ul>
 */
final class SingleFlight {

    /** How long a store that does not land stays reachable for fences. */
    private static final long FORGET_STORES_AFTER_SECONDS = 60;

    /** Longest chain of waiting threads followed when looking for a cycle. */
    private static final int MAX_CHAIN = 64;

    private final long maxWaitNanos;

    private final ConcurrentMap<CacheBackend, ConcurrentMap<String, Flight>> flights = new ConcurrentHashMap<>();

    /** Flights that have answered but whose store is still on its way to the backend; fences reach them too. */
    private final ConcurrentMap<CacheBackend, ConcurrentMap<String, Flight>> storing = new ConcurrentHashMap<>();

    /** What each waiting thread waits for, to find wait cycles. */
    private final ConcurrentMap<Thread, Flight> waiting = new ConcurrentHashMap<>();

    SingleFlight(long maxWaitNanos) {
        this.maxWaitNanos = maxWaitNanos;
    }

    /** Claims a key for a load of the calling thread: the new flight, or the flight that already loads it. */
    Flight claim(CacheBackend backend, String key) {
        ConcurrentMap<String, Flight> inFlight = this.flights.computeIfAbsent(backend,
                (any) -> new ConcurrentHashMap<>());
        Flight mine = new Flight(inFlight, key);
        Flight leader = inFlight.putIfAbsent(key, mine);
        return (leader != null) ? leader : mine;
    }

    /**
     * Waits for another thread's flight.
     * @return how the wait ended
     */
    Outcome await(Flight leader) {
        Thread me = Thread.currentThread();
        this.waiting.put(me, leader);
        try {
            if (closesCycle(me, leader)) {
                return Outcome.CYCLE;
            }
            Object outcome = leader.done.get(this.maxWaitNanos, TimeUnit.NANOSECONDS);
            return (outcome == FAILED) ? Outcome.LEADER_FAILED
                    : (outcome == TIMED_OUT) ? Outcome.TIMED_OUT : Outcome.DONE;
        }
        catch (TimeoutException ex) {
            return Outcome.TIMED_OUT;
        }
        catch (ExecutionException ex) {
            // Never: a flight's future completes with its value, FAILED or TIMED_OUT, never exceptionally.
            return Outcome.LEADER_FAILED;
        }
        catch (InterruptedException ex) {
            me.interrupt();
            return Outcome.INTERRUPTED;
        }
        finally {
            this.waiting.remove(me);
        }
    }

    /**
     * Waits for another caller's flight without blocking: the future completes with the flight's value, or with
     * {@link #FAILED} if its method failed or {@link #TIMED_OUT} once the longest wait has passed. Each caller gets
     * a future of its own, so that one that gives up does not cancel the flight for the others.
     */
    CompletableFuture<@Nullable Object> awaitAsync(Flight leader) {
        return leader.done.copy().completeOnTimeout(TIMED_OUT, this.maxWaitNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Bounds an asynchronous flight whose method has not answered yet: if it has not ended within the longest wait,
     * it leaves the map (later callers start a flight of their own), is fenced (its value, should it come, is not
     * stored, so that no invalidation made meanwhile is undone) and its waiters call the method themselves. A
     * synchronous flight needs no such bound: its waiters stop waiting after the longest wait, and its thread ends it.
     */
    void bound(Flight flight) {
        flight.done.completeOnTimeout(TIMED_OUT, this.maxWaitNanos, TimeUnit.NANOSECONDS).thenRun(() -> {
            if (flight.done.getNow(null) == TIMED_OUT) {
                flight.fence();
                flight.map.remove(flight.key, flight);
            }
        });
    }

    /**
     * Keeps a flight whose store is still on its way reachable for fences until {@code store} completes.
     */
    void storing(CacheBackend backend, Flight flight, CompletableFuture<?> store) {
        ConcurrentMap<String, Flight> pending = this.storing.computeIfAbsent(backend,
                (any) -> new ConcurrentHashMap<>());
        pending.put(flight.key, flight);
        // A store that never lands is forgotten after a while, so that the map stays bounded.
        store.copy().completeOnTimeout(null, FORGET_STORES_AFTER_SECONDS, TimeUnit.SECONDS)
                .whenComplete((done, failure) -> pending.remove(flight.key, flight));
    }

    /**
     * Fences the flights of one key: the load that runs, and a store still on its way.
     * @return the store still on its way, which the caller lets land before it writes, or {@code null}
     */
    @Nullable CompletableFuture<?> fence(CacheBackend backend, String key) {
        Flight running = fence(this.flights.get(backend), key);
        Flight stored = fence(this.storing.get(backend), key);
        CompletableFuture<?> runningStore = (running != null) ? running.store() : null;
        CompletableFuture<?> storedStore = (stored != null) ? stored.store() : null;
        if (runningStore != null && storedStore != null) {
            return CompletableFuture.allOf(runningStore, storedStore);
        }
        return (runningStore != null) ? runningStore : storedStore;
    }

    /** Fences every flight of a backend whose key passes the test, running or storing. */
    void fenceAll(CacheBackend backend, Predicate<String> keys) {
        fenceAll(this.flights.get(backend), keys);
        fenceAll(this.storing.get(backend), keys);
    }

    private static @Nullable Flight fence(@Nullable ConcurrentMap<String, Flight> map, String key) {
        Flight flight = (map != null) ? map.remove(key) : null;
        if (flight != null) {
            flight.fence();
        }
        return flight;
    }

    private static void fenceAll(@Nullable ConcurrentMap<String, Flight> map, Predicate<String> keys) {
        if (map != null) {
            map.forEach((key, flight) -> {
                if (keys.test(key) && map.remove(key, flight)) {
                    flight.fence();
                }
            });
        }
    }

    private boolean closesCycle(Thread me, Flight leader) {
        Flight flight = leader;
        for (int i = 0; i < MAX_CHAIN && flight != null; i++) {
            if (flight.owner == me) {
                return true;
            }
            flight = this.waiting.get(flight.owner);
        }
        return false;
    }

    /** What the future of a flight whose method failed completes with. */
    static final Object FAILED = new Object();

    /**
     * What {@link #awaitAsync} completes with once the longest wait has passed, and what a {@link #bound bound}
     * flight's future completes with when its method has not answered by then.
     */
    static final Object TIMED_OUT = new Object();

    /** How a wait for another thread's flight ended. */
    enum Outcome {

        /** The flight succeeded: its value is the caller's. */
        DONE,

        /** The flight's method threw: the caller runs the method itself, to get its own result or exception. */
        LEADER_FAILED,

        /** Waiting would have closed a cycle of waits. */
        CYCLE,

        /** The flight took longer than the longest wait. */
        TIMED_OUT,

        /** The caller was interrupted while waiting. */
        INTERRUPTED
    }

    /** One load in progress, which concurrent callers of the same key wait for. */
    static final class Flight {

        final Thread owner = Thread.currentThread();

        private final ConcurrentMap<String, Flight> map;

        private final String key;

        /**
         * Completes with the flight's value, {@link #FAILED}, or {@link #TIMED_OUT} for an asynchronous flight that
         * was {@link SingleFlight#bound bound}; never exceptionally.
         */
        private final CompletableFuture<@Nullable Object> done = new CompletableFuture<>();

        /** Read and written by the owner thread only. */
        private boolean started;

        /**
         * Read and written by the owner thread only: whether the owner is running the flight's method right now. A
         * synchronous load runs it until the flight ends; an asynchronous one only until the method has returned its
         * future, after which the owner thread goes on with other work and joins the flight like any other caller.
         */
        private boolean invoking;

        /** Guarded by this: set once an invalidation overtook the load. */
        private boolean fenced;

        /** Guarded by this: set once the load's store was let through. */
        private boolean storing;

        /** Guarded by this: completes when the store, once let through, has landed or failed. */
        private @Nullable CompletableFuture<Void> store;

        private Flight(ConcurrentMap<String, Flight> map, String key) {
            this.map = map;
            this.key = key;
        }

        /**
         * Marks the flight as started by its owner, the one thread that calls this.
         * @return {@code false} if it had started already: its own loader asks for its key again
         */
        boolean start() {
            if (this.started) {
                return false;
            }
            this.started = true;
            this.invoking = true;
            return true;
        }

        /** Marks the end of the owner's call of an asynchronous method, which returned its future. */
        void invoked() {
            this.invoking = false;
        }

        /**
         * Whether the calling thread runs this flight: it claimed it and has not started it, or it is running its
         * method right now (a method that asks for its own key again).
         */
        boolean isMine() {
            return this.owner == Thread.currentThread() && (!this.started || this.invoking);
        }

        /** The value of a flight that is {@link Outcome#DONE done}. */
        @Nullable Object value() {
            return this.done.getNow(null);
        }

        /**
         * Lets the flight's store through, unless an invalidation fenced it; the check and {@code store} happen
         * under the flight's lock, which an invalidation also takes, so that a store is either before the
         * invalidation (which then removes it) or not at all. {@code store} must not block.
         * @return whether the store ran
         */
        synchronized boolean storeUnlessFenced(Runnable store) {
            if (this.fenced) {
                return false;
            }
            this.storing = true;
            store.run();
            return true;
        }

        /**
         * Lets the flight's store through unless an invalidation fenced it, for a store that is issued after this
         * returns, outside the lock: a fence from then on finds the returned future, and lets it land first.
         * @return the future to complete when the store has landed, or {@code null} if fenced
         */
        synchronized @Nullable CompletableFuture<Void> beginStore() {
            if (this.fenced) {
                return null;
            }
            this.storing = true;
            this.store = new CompletableFuture<>();
            return this.store;
        }

        private synchronized @Nullable CompletableFuture<Void> store() {
            return this.store;
        }

        /** Whether an invalidation fenced the flight after its store was let through. */
        synchronized boolean fencedAfterStoring() {
            return this.fenced && this.storing;
        }

        /** Whether an invalidation overtook the load. */
        synchronized boolean isFenced() {
            return this.fenced;
        }

        private synchronized void fence() {
            this.fenced = true;
        }

        /** Ends the flight with its value: it leaves the map before waking the waiters. */
        void succeed(@Nullable Object value) {
            this.map.remove(this.key, this);
            this.done.complete(value);
        }

        /** Ends the flight of a method that threw; waiters run the method themselves. */
        /**
         * Ends the flight without handing its value to the callers that wait: they run the load themselves, as
         * after a failure.
         */
        void withhold() {
            fail();
        }

        void fail() {
            this.map.remove(this.key, this);
            this.done.complete(FAILED);
        }
    }
}
