package dev.beryl.cache;

/**
 * Receives the events of every cache: hits, misses, loads, puts, invalidations and errors, for metrics, logs or
 * invalidation strategies of your own.
 * <p>
 * Listeners are called on the thread of the cached call, in the order the events happen, one after the other, so a
 * listener sees a call's {@code MISS}, then its {@code LOAD}, then its {@code PUT}. A listener therefore delays the
 * call by its own running time and should be quick; one with slow work hands it to an executor of its own. A
 * listener that throws is logged (at most once per 10 seconds) and ignored: it never fails the call, and the
 * listeners after it still run.
 */
@FunctionalInterface
public interface CacheEventListener {

    void onEvent(CacheEvent event);
}
