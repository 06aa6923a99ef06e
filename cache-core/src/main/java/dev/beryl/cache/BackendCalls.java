package dev.beryl.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How the engine calls a backend within a time budget: the synchronous form of a backend that bounds its own
 * operations ({@link CacheBackend#ownTimeout()}), otherwise the asynchronous form, waiting for its future at most the
 * budget.
 */
final class BackendCalls {

    private final long timeoutNanos;

    /**
     * @param timeoutNanos the budget of a call into a backend that does not bound its own operations
     */
    BackendCalls(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
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
        return await(Objects.requireNonNull(async.get(), "a backend returned no future"), budgetNanos);
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
