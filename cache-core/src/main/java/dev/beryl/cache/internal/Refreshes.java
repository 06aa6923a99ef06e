package dev.beryl.cache.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.beryl.cache.CacheBackend;

/**
 * The background refreshes of stale entries ({@code staleWhileRevalidate}): at most one per backend and key at a
 * time in this instance, on threads of their own ({@code beryl-refresh-N}, daemon), so that a slow method never holds
 * up the engine's other work. A refresh that cannot be queued is dropped: the next stale hit starts it again.
 */
final class Refreshes implements AutoCloseable {

    private static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private static final int QUEUED = 1024;

    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

    private final Set<Running> running = ConcurrentHashMap.newKeySet();

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
        if (!this.running.add(mine)) {
            return false;
        }
        try {
            this.pool.execute(() -> {
                try {
                    refresh.run();
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

    @Override
    public void close() {
        this.pool.shutdownNow();
    }

    /** What a refresh does: load the key and store it. */
    @FunctionalInterface
    interface Refresh {

        void run() throws Throwable;
    }

    private record Running(CacheBackend backend, String key) {
    }
}
