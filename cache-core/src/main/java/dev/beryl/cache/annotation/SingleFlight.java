package dev.beryl.cache.annotation;

/**
 * How far the single flight of a {@link Cached} method reaches: concurrent misses of one key that run the method
 * once between them.
 */
public enum SingleFlight {

    /** {@code beryl.cache.single-flight.mode}: {@code local} unless set to {@code global}. */
    DEFAULT,

    /**
     * One load per key in each application instance: concurrent callers in one instance wait for its load; each
     * instance loads for itself.
     */
    LOCAL,

    /**
     * One load per key across every instance that shares the backend: the first instance to miss takes a lease
     * under the key, the others wait for its value (at most {@code beryl.cache.single-flight.max-wait}), and run
     * the method themselves if the lease expires first. The holder stores only while its lease holds, so a load
     * that an invalidation overtook does not store its older value. On a backend that has no leases (the in-memory
     * one), the same as {@link #LOCAL}.
     */
    GLOBAL
}
