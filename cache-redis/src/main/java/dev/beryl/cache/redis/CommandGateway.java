package dev.beryl.cache.redis;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * The only way commands reach Redis: each one through the circuit breaker, within one deadline, with its failure
 * turned into a {@link RedisCacheException} that names the command.
 * <p>
 * <b>The deadline.</b> The command timeout bounds every command (Lettuce ends it, and the breaker counts the
 * failure) and every synchronous operation as a whole: {@link #await} waits for what is left of the timeout from
 * the moment the operation sent its first command, so an operation of several commands still answers within one
 * timeout. Encoding and decoding are the caller's own work, outside it.
 * <p>
 * <b>The workers.</b> Continuations that decode or issue further commands run off Lettuce's event loop, on a small
 * fixed pool of daemon threads ({@code beryl-redis-N}) with a bounded queue. When it is full, the continuation is
 * not run: its operation fails at once, and the call goes on without the cache, instead of queueing without bound.
 */
final class CommandGateway implements AutoCloseable {

    /** How many continuations may wait for a worker before more are refused. */
    static final int WORKER_QUEUE = 1024;

    private static final AtomicLong WORKER_IDS = new AtomicLong();

    private final RedisConnector connector;

    private final CircuitBreaker breaker;

    private final ThreadPoolExecutor workers;

    private final Duration timeout;

    private final long timeoutNanos;

    CommandGateway(RedisConnector connector, CircuitBreaker breaker, ThreadPoolExecutor workers, Duration timeout) {
        this.connector = connector;
        this.breaker = breaker;
        this.workers = workers;
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * The bounded pool that runs continuations and connection attempts: as many threads as processors (at least
     * two), which end when idle, and {@link #WORKER_QUEUE} waiting tasks at most.
     */
    static ThreadPoolExecutor workers(int queueCapacity) {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), CommandGateway::workerThread, CommandGateway::refuse);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Where continuations run: never on Lettuce's event loop, never more than the pool and its queue hold. */
    Executor executor() {
        return this.workers;
    }

    String description() {
        return this.connector.description();
    }

    Duration timeout() {
        return this.timeout;
    }

    /**
     * Sends one command, unless the backend is closed, not connected (then a connection attempt starts in the
     * background) or skipped by the open breaker; each of these fails the returned future at once.
     * @param name the command, for messages, e.g. {@code GET}
     * @param subject what it acts on, e.g. the key; joined to {@code name} only when a message needs it
     */
    <T> CompletableFuture<T> call(String name, String subject,
            Function<RedisClusterAsyncCommands<String, byte[]>, ? extends CompletionStage<T>> command) {
        if (this.connector.isClosed()) {
            return CompletableFuture.failedFuture(new RedisCacheException(description() + " is closed"));
        }
        RedisClusterAsyncCommands<String, byte[]> commands = this.connector.commands();
        if (commands == null) {
            this.connector.connectInBackground();
            return CompletableFuture.failedFuture(new RedisCacheException(description() + " is not connected"));
        }
        long permit = this.breaker.tryAcquire();
        if (permit == CircuitBreaker.REFUSED) {
            return CompletableFuture.failedFuture(new RedisCacheException(description()
                    + " is skipped for a while after repeated failures (circuit breaker open)"));
        }
        CompletableFuture<T> result;
        try {
            result = command.apply(commands).toCompletableFuture();
        }
        catch (RuntimeException ex) {
            this.breaker.onFailure(permit);
            return CompletableFuture.failedFuture(new RedisCacheException(name + " " + subject + " failed on "
                    + description(), ex));
        }
        return result.handle((value, failure) -> {
            if (failure == null) {
                this.breaker.onSuccess(permit);
                return value;
            }
            if (isNoScript(failure)) {
                // A server that answers, even with NOSCRIPT, is a working server.
                this.breaker.onSuccess(permit);
            }
            else {
                this.breaker.onFailure(permit);
            }
            Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
                    ? failure.getCause() : failure;
            throw new RedisCacheException(name + " " + subject + " failed on " + description() + ": "
                    + cause.getMessage(), cause);
        });
    }

    /**
     * Waits for an operation whose first command was sent at {@code startedNanos} ({@link System#nanoTime()}) until
     * its deadline.
     * Giving up does not cancel the commands: they end by themselves within the command timeout, and the breaker
     * still counts how they ended.
     * @throws RedisCacheException if the deadline passed or the operation failed
     */
    <T> T await(CompletableFuture<T> future, long startedNanos) {
        return awaitFor(future, this.timeoutNanos - (System.nanoTime() - startedNanos));
    }

    /**
     * Waits for an operation of one command, sent just now, for the whole timeout: {@link #await(CompletableFuture,
     * long)} without reading the clock.
     * @throws RedisCacheException if the timeout passed or the operation failed
     */
    <T> T await(CompletableFuture<T> future) {
        return awaitFor(future, this.timeoutNanos);
    }

    private <T> T awaitFor(CompletableFuture<T> future, long leftNanos) {
        try {
            return future.get(Math.max(0, leftNanos), TimeUnit.NANOSECONDS);
        }
        catch (ExecutionException ex) {
            throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
                    : new RedisCacheException("Redis command failed", ex.getCause());
        }
        catch (TimeoutException ex) {
            throw new RedisCacheException(description() + " did not answer within " + this.timeout, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RedisCacheException("Interrupted while waiting for " + description(), ex);
        }
    }

    /** How often the circuit breaker opened. */
    long breakerOpenings() {
        return this.breaker.openings();
    }

    /** Whether the breaker keeps commands away from Redis now (a single probe may still be let through). */
    boolean breakerOpen() {
        return this.breaker.state() != CircuitBreaker.State.CLOSED;
    }

    /** Closes the connection, shuts the client down and stops the workers. */
    @Override
    public void close() {
        this.connector.close();
        this.workers.shutdownNow();
    }

    private static Thread workerThread(Runnable task) {
        Thread thread = new Thread(task, "beryl-redis-" + WORKER_IDS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Refuses a task when the pool is full or shut down; a {@link CompletableFuture} whose continuation is refused
     * completes exceptionally with this, so overload becomes a failed operation.
     */
    private static void refuse(Runnable task, ThreadPoolExecutor pool) {
        throw new RejectedExecutionException(pool.isShutdown() ? "the Redis backend is closed"
                : "the Redis backend's " + pool.getMaximumPoolSize() + " workers are busy and " + pool.getQueue().size()
                        + " tasks wait; the call goes on without the cache");
    }

    /** Whether a failure is Redis saying that it does not know a script: an answer, not a failure of the server. */
    static boolean isNoScript(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisNoScriptException) {
                return true;
            }
        }
        return false;
    }
}
