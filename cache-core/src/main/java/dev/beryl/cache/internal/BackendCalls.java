package dev.beryl.cache.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.beryl.cache.CacheBackend;

/**
 * How the engine calls a backend within a time budget: the synchronous form of a backend that bounds its own
 * operations ({@link CacheBackend#ownTimeout()}); otherwise the asynchronous form, issued from a small pool of the
 * engine's own threads, so that a backend that blocks the thread it is called on (rather than returning a future
 * that completes later) holds up a pool thread, not the call, and waited for at most the budget. A pool whose
 * threads are all held up refuses further operations at once, which the engine counts as failures: calls go on
 * without the cache.
 */
final class BackendCalls {

    /** Threads that issue operations of backends that do not bound their own. */
    private static final int THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    /** Operations waiting for a thread, beyond which they are refused. */
    private static final int QUEUED = 1024;

    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

    private final long timeoutNanos;

    private final ThreadPoolExecutor issuers;

    /**
     * @param timeoutNanos the budget of a call into a backend that does not bound its own operations
     */
    BackendCalls(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
        this.issuers = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED), (task) -> {
                    Thread thread = new Thread(task, "beryl-backend-" + THREAD_NUMBERS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.issuers.allowCoreThreadTimeOut(true);
    }

    /** Runs the engine's background work (retries of failed invalidations) on the pool. */
    Executor executor() {
        return this.issuers;
    }

    /** Stops the pool's threads, those held up by a backend too. */
    void close() {
        this.issuers.shutdownNow();
    }

    /** {@link #issue(CacheBackend, Supplier, long)} within the engine's timeout. */
    <T> CompletableFuture<T> issue(CacheBackend backend, Supplier<CompletableFuture<T>> operation) {
        return issue(backend, operation, this.timeoutNanos);
    }

    /**
     * Issues an operation: on the calling thread for a backend that bounds its own operations, otherwise from the
     * pool, so that the future is the caller's to wait for however the backend behaves. An operation that waited in
     * the pool's queue longer than the caller waits for it is dropped unissued: its caller has gone on without it.
     */
    <T> CompletableFuture<T> issue(CacheBackend backend, Supplier<CompletableFuture<T>> operation, long budgetNanos) {
        if (backend.ownTimeout() != null) {
            return Objects.requireNonNull(operation.get(), "a backend returned no future");
        }
        long deadline = System.nanoTime() + Math.max(0, budgetNanos);
        try {
            return CompletableFuture.supplyAsync(() -> {
                if (System.nanoTime() - deadline > 0) {
                    return CompletableFuture.<T>failedFuture(new IllegalStateException(
                            "dropped unissued: its caller had stopped waiting for it"));
                }
                return Objects.requireNonNull(operation.get(), "a backend returned no future");
            }, this.issuers).thenCompose(Function.identity());
        }
        catch (RejectedExecutionException ex) {
            return CompletableFuture.failedFuture(new IllegalStateException("every one of the " + THREADS
                    + " threads that call backends of your own is held up by one that does not answer", ex));
        }
    }

    /** The budget of one call's cache operations on a backend. */
    long budgetNanos(CacheBackend backend) {
        Duration own = backend.ownTimeout();
        if (own == null) {
            return this.timeoutNanos;
        }
        try {
            return own.toNanos();
        }
        catch (ArithmeticException ex) {
            return Long.MAX_VALUE;
        }
    }

    /** Calls a backend within the engine's timeout. */
    <T> T call(CacheBackend backend, Supplier<CompletableFuture<T>> async, Supplier<T> sync) {
        return call(backend, async, this.timeoutNanos, sync);
    }

    /** Calls a backend within a budget. */
    <T> T call(CacheBackend backend, Supplier<CompletableFuture<T>> async, long budgetNanos, Supplier<T> sync) {
        if (backend.ownTimeout() != null) {
            return sync.get();
        }
        return await(issue(backend, async, budgetNanos), budgetNanos);
    }

    /**
     * Waits for a backend's future at most the budget.
     * @throws StillRunning if it did not complete in time
     */
    static <T> T await(CompletableFuture<T> future, long budgetNanos) {
        try {
            return future.get(Math.max(0, budgetNanos), TimeUnit.NANOSECONDS);
        }
        catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            throw (cause instanceof RuntimeException runtime) ? runtime : new CompletionException(cause);
        }
        catch (TimeoutException ex) {
            throw new StillRunning(future, budgetNanos);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a cache backend", ex);
        }
    }

    /** A backend's future that did not complete within the call's budget; it may go on in the background. */
    static final class StillRunning extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        private final transient CompletableFuture<?> future;

        StillRunning(CompletableFuture<?> future, long budgetNanos) {
            super("the backend did not answer within " + Duration.ofNanos(Math.max(0, budgetNanos)));
            this.future = future;
        }

        CompletableFuture<?> future() {
            return this.future;
        }
    }
}
