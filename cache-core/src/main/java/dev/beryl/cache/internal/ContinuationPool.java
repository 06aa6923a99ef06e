package dev.beryl.cache.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The engine's threads for what follows the backend operations of asynchronous calls ({@code beryl-async-N}, daemon
 * threads, one per processor and at least two): a backend's I/O threads, such as Lettuce's event loops, only
 * complete futures and go back to their work. Unbounded, as the work it takes must not be lost: each task completes a
 * caller's future.
 */
final class ContinuationPool implements Executor, AutoCloseable {

    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

    private final ForkJoinPool pool = new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
            (owner) -> {
                ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(owner);
                thread.setName("beryl-async-" + THREAD_NUMBERS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }, null, true);

    /** Runs the task on the pool; once the pool is closed, on the calling thread, so that no future is left open. */
    @Override
    public void execute(Runnable task) {
        try {
            this.pool.execute(task);
        }
        catch (RejectedExecutionException ex) {
            task.run();
        }
    }

    /**
     * Runs work that may block (a write that waits for a backend, a cached method that does blocking work before
     * it returns its future) on a pool thread, letting the pool start another thread meanwhile so that
     * continuations are not held up behind it; on any other thread, simply runs it.
     */
    <T> T block(Supplier<T> work) {
        Thread current = Thread.currentThread();
        if (!(current instanceof ForkJoinWorkerThread worker) || worker.getPool() != this.pool) {
            return work.get();
        }
        Blocking<T> blocking = new Blocking<>(work);
        try {
            ForkJoinPool.managedBlock(blocking);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running blocking work", ex);
        }
        return blocking.result;
    }

    /** Work that the pool may compensate for while it runs. */
    private static final class Blocking<T> implements ForkJoinPool.ManagedBlocker {

        private final Supplier<T> work;

        private boolean done;

        private @Nullable T result;

        Blocking(Supplier<T> work) {
            this.work = work;
        }

        @Override
        public boolean block() {
            this.result = this.work.get();
            this.done = true;
            return true;
        }

        @Override
        public boolean isReleasable() {
            return this.done;
        }
    }

    /** Lets the tasks already given run, and takes no more. */
    @Override
    public void close() {
        this.pool.shutdown();
    }
}
