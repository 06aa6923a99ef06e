package dev.beryl.cache.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.beryl.cache.internal.RateLimitedLog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The gateway without a server: its one deadline, its bounded workers, and calls it refuses at once. */
class CommandGatewayTests {

    private static final Duration TIMEOUT = Duration.ofMillis(250);

    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(5), System::nanoTime);

    private final ThreadPoolExecutor workers = CommandGateway.workers(1);

    private final CommandGateway gateway = new CommandGateway(RedisConnector.create(new RedisConnector.Settings(
            "redis://127.0.0.1:1", List.of(), Duration.ofMillis(100), TIMEOUT, null, null, null), this.breaker,
            this.workers, new RateLimitedLog(Duration.ofSeconds(10))), this.breaker, this.workers, TIMEOUT);

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        this.release.countDown();
        this.gateway.close();
    }

    @Test
    void await_waitsOnlyForWhatIsLeftOfTheDeadline() {
        long longAgo = System.nanoTime() - Duration.ofSeconds(10).toNanos();
        assertThatExceptionOfType(RedisCacheException.class)
                .isThrownBy(() -> this.gateway.await(new CompletableFuture<>(), longAgo))
                .withMessage("Redis 127.0.0.1:1/0 did not answer within PT0.25S");
        assertThat(this.gateway.await(CompletableFuture.completedFuture("answered"), longAgo)).isEqualTo("answered");
    }

    @Test
    void await_rethrowsTheFailureOfTheOperation() {
        RedisCacheException failure = new RedisCacheException("GET k failed");
        assertThatExceptionOfType(RedisCacheException.class)
                .isThrownBy(() -> this.gateway.await(CompletableFuture.failedFuture(failure), System.nanoTime()))
                .isSameAs(failure);
    }

    @Test
    void call_withoutConnection_failsAtOnce() {
        assertThat(this.gateway.call("GET", "beryl:products:1", (commands) -> commands.get("beryl:products:1")))
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause()
                .isInstanceOf(RedisCacheException.class).withMessage("Redis 127.0.0.1:1/0 is not connected");
    }

    @Test
    void call_afterClose_failsAtOnce() {
        this.gateway.close();
        assertThat(this.gateway.call("GET", "beryl:products:1", (commands) -> commands.get("beryl:products:1")))
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause()
                .isInstanceOf(RedisCacheException.class).withMessage("Redis 127.0.0.1:1/0 is closed");
    }

    @Test
    void workers_areNamedDaemons() throws Exception {
        Thread worker = CompletableFuture.supplyAsync(Thread::currentThread, this.gateway.executor())
                .get(10, TimeUnit.SECONDS);
        assertThat(worker.getName()).matches("beryl-redis-\\d+");
        assertThat(worker.isDaemon()).isTrue();
    }

    @Test
    void continuation_thatNoWorkerCanTake_failsItsOperation() throws Exception {
        int threads = this.workers.getMaximumPoolSize();
        CountDownLatch busy = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            this.workers.execute(() -> {
                busy.countDown();
                await(this.release);
            });
        }
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        this.workers.execute(() -> await(this.release));

        CompletableFuture<String> answer = new CompletableFuture<>();
        CompletableFuture<String> decoded = answer.thenApplyAsync((bytes) -> "decoded", this.gateway.executor());
        answer.complete("bytes");
        assertThat(decoded).failsWithin(Duration.ZERO).withThrowableThat().havingCause()
                .isInstanceOf(RejectedExecutionException.class)
                .withMessageStartingWith("the Redis backend's " + threads + " workers are busy and 1 tasks wait");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
