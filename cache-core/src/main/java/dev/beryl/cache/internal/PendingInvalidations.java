package dev.beryl.cache.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

import dev.beryl.cache.CacheBackend;

/**
 * Invalidations that a backend failed, kept to be applied again once it answers. Until every one of them is, lookups
 * on that backend are misses that store nothing: an entry that an invalidation could not remove (Redis was down or
 * its circuit breaker open) is never served by this instance, and caching resumes as soon as the backend has taken
 * them all. A lookup of that backend that finds a retry due starts it in the background (one at a time, at most
 * once per retry interval) and goes on without the cache, so no call waits for the retries.
 */
final class PendingInvalidations {

    private static final System.Logger logger = System.getLogger("dev.beryl.cache");

    /** Past this many, the oldest pending invalidations of a backend are dropped, with an error in the log. */
    static final int MAX_PENDING = 100_000;

    private final long retryNanos;

    private final Executor retrier;

    private final ConcurrentMap<CacheBackend, Pending> byBackend = new ConcurrentHashMap<>();

    /**
     * @param retrier runs the retries, off the calls that find them due, so that no call waits for them
     */
    PendingInvalidations(long retryNanos, Executor retrier) {
        this.retryNanos = retryNanos;
        this.retrier = retrier;
    }

    /**
     * Records an invalidation that failed, replacing an earlier one with the same id.
     * @param id what it removes, e.g. {@code "invalidate beryl:products:42"}; repeated ids are kept once
     * @param retry applies it again, throwing when the backend fails again
     */
    void add(String backendName, CacheBackend backend, String id, Runnable retry) {
        this.byBackend.computeIfAbsent(backend, (any) -> new Pending(backendName)).add(id, retry);
    }

    /** Whether invalidations of the backend are waiting to be applied; tries nothing. */
    boolean waiting(CacheBackend backend) {
        Pending pending = this.byBackend.get(backend);
        return pending != null && pending.dirty;
    }

    /**
     * Whether lookups on the backend must not read it, because invalidations are still pending; applies them first
     * when a retry is due.
     */
    boolean blocks(CacheBackend backend) {
        Pending pending = this.byBackend.get(backend);
        return pending != null && pending.blocks(this.retryNanos, this.retrier);
    }

    private static final class Pending {

        private final String backendName;

        /** Guarded by itself. */
        private final LinkedHashMap<String, Runnable> retries = new LinkedHashMap<>();

        private final ReentrantLock applying = new ReentrantLock();

        private volatile boolean dirty;

        private volatile long nextAttempt = System.nanoTime();

        Pending(String backendName) {
            this.backendName = backendName;
        }

        void add(String id, Runnable retry) {
            synchronized (this.retries) {
                this.retries.remove(id);
                this.retries.put(id, retry);
                if (this.retries.size() > MAX_PENDING) {
                    Iterator<String> oldest = this.retries.keySet().iterator();
                    String dropped = oldest.next();
                    oldest.remove();
                    logger.log(Level.ERROR, "Beryl cache: more than " + MAX_PENDING + " invalidations of backend '"
                            + this.backendName + "' are waiting for it to answer; dropped the oldest (" + dropped
                            + "), whose entry may be served until its ttl ends");
                }
                this.dirty = true;
            }
        }

        boolean blocks(long retryNanos, Executor retrier) {
            if (!this.dirty) {
                return false;
            }
            if (System.nanoTime() - this.nextAttempt >= 0 && !this.applying.isLocked()) {
                // One retry at a time, in the background: however many are waiting, no call waits for them.
                this.nextAttempt = System.nanoTime() + retryNanos;
                try {
                    retrier.execute(() -> {
                        if (this.applying.tryLock()) {
                            try {
                                applyAll(retryNanos);
                            }
                            finally {
                                this.applying.unlock();
                            }
                        }
                    });
                }
                catch (RejectedExecutionException ex) {
                    // Busy: a later call tries again.
                }
            }
            return this.dirty;
        }

        private void applyAll(long retryNanos) {
            List<Map.Entry<String, Runnable>> due;
            synchronized (this.retries) {
                due = new ArrayList<>(this.retries.entrySet());
            }
            int applied = 0;
            for (Map.Entry<String, Runnable> retry : due) {
                try {
                    retry.getValue().run();
                }
                catch (RuntimeException ex) {
                    this.nextAttempt = System.nanoTime() + retryNanos;
                    return;
                }
                synchronized (this.retries) {
                    this.retries.remove(retry.getKey(), retry.getValue());
                }
                applied++;
            }
            synchronized (this.retries) {
                this.dirty = !this.retries.isEmpty();
            }
            logger.log(Level.INFO, "Beryl cache: backend '" + this.backendName + "' answers again; applied " + applied
                    + " invalidations that had failed, and caching resumes");
        }
    }
}
