package dev.beryl.cache.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.beryl.cache.CacheBackend;

/**
 * The background refreshes of stale entries ({@code staleWhileRevalidate}): at most one per backend and key at a
 * time in this instance, on threads of their own ({@code beryl-refresh-N}, daemon), so that a slow method never holds
 * up the engine's other work. A refresh that cannot be queued is dropped: the next stale hit starts it again.
 */
final class Refreshes implements AutoCloseable {

    private static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private static final int QUEUED = 1024;

    /** How long an instance leaves a key to the instance that holds its refresh lease before it asks again. */
    private static final long ELSEWHERE_QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final int MAX_ELSEWHERE = 10_000;

    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

    private final Set<Running> running = ConcurrentHashMap.newKeySet();

    /**
     * Keys that another instance refreshes, by when this one may try again: so that stale hits do not ask the
     * backend for the refresh lease on every call while another instance holds it.
     */
    private final ConcurrentMap<Running, Long> elsewhere = new ConcurrentHashMap<>();

    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUED), (task) -> {
                Thread thread = new Thread(task, "beryl-refresh-" + THREAD_NUMBERS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    private final RateLimitedLog log;

    Refreshes(Duration logInterval) {
        this.pool.allowCoreThreadTimeOut(true);
        this.log = new RateLimitedLog(logInterval);
    }

    /**
     * Starts a refresh of a key unless one is running in this instance.
     * @return whether it was started
     */
    boolean start(CacheDefinition cache, String key, Refresh refresh) {
        Running mine = new Running(cache.backend(), key);
        Long quietUntil = this.elsewhere.get(mine);
        if (quietUntil != null) {
            if (System.nanoTime() - quietUntil < 0) {
                return false;
            }
            this.elsewhere.remove(mine, quietUntil);
        }
        if (!this.running.add(mine)) {
            return false;
        }
        try {
            this.pool.execute(() -> {
                try {
                    if (!refresh.run()) {
                        if (this.elsewhere.size() >= MAX_ELSEWHERE) {
                            this.elsewhere.clear();
                        }
                        this.elsewhere.put(mine, System.nanoTime() + ELSEWHERE_QUIET_NANOS);
                    }
                }
                catch (Throwable ex) {
                    cache.counters().failedRefresh();
                    this.log.record("cache '" + cache.name() + "'", "refresh the stale entry " + key,
                            "the stale value is served until its window ends (staleWhileRevalidate)", ex);
                }
                finally {
                    this.running.remove(mine);
                }
            });
            return true;
        }
        catch (RejectedExecutionException ex) {
            this.running.remove(mine);
            return false;
        }
    }

    /** Logs, at most once per interval and cache, that a stale value was served for a method that threw. */
    void servedForFailure(CacheDefinition cache, String key, Throwable failure) {
        this.log.record("cache '" + cache.name() + "'", "run the method for " + key,
                "the stale value was served instead (staleIfError)", failure);
    }

    /** Waits, at most {@code nanos}, until no refresh runs or waits to run; whether none does. For tests. */
    boolean awaitIdle(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (!this.running.isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    @Override
    public void close() {
        this.pool.shutdownNow();
    }

    /** What a refresh does: load the key and store it. */
    @FunctionalInterface
    interface Refresh {

        /** @return {@code false} if another instance refreshes the key, so that this one waits a while */
        boolean run() throws Throwable;
    }

    private record Running(CacheBackend backend, String key) {
    }
}
