package dev.beryl.cache.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.LongSupplier;

import io.lettuce.core.SslOptions;
import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;

import dev.beryl.cache.internal.RateLimitedLog;

/**
 * The options of a {@link RedisCacheBackend} as its {@link RedisCacheBackend.Builder} collects them, with their
 * defaults, each checked as it is set; and the parts of a backend made from them: the failure log, the connection
 * behind its circuit breaker and command workers ({@link CommandGateway}), and the values' encoding
 * ({@link StoredValues}).
 */
final class BackendOptions {

    private @Nullable String uri;

    private List<String> clusterNodes = List.of();

    private Duration commandTimeout = RedisCacheBackend.DEFAULT_COMMAND_TIMEOUT;

    private Duration connectTimeout = RedisCacheBackend.DEFAULT_CONNECT_TIMEOUT;

    private @Nullable String clientName;

    private @Nullable ClientResources clientResources;

    private @Nullable String sentinelPassword;

    private @Nullable SslOptions sslOptions;

    private long maxValueSize = RedisCacheBackend.DEFAULT_MAX_VALUE_SIZE;

    private ValueCodec codec = new JsonValueCodec();

    private long compressionThreshold = Long.MAX_VALUE;

    private int breakerFailures = RedisCacheBackend.DEFAULT_BREAKER_FAILURES;

    private Duration breakerCoolDown = RedisCacheBackend.DEFAULT_BREAKER_COOL_DOWN;

    private LongSupplier nanoTime = System::nanoTime;

    void uri(String uri) {
        this.uri = uri;
    }

    void clusterNodes(List<String> clusterNodes) {
        this.clusterNodes = List.copyOf(clusterNodes);
    }

    void commandTimeout(Duration commandTimeout) {
        this.commandTimeout = positive(commandTimeout, "commandTimeout");
    }

    void connectTimeout(Duration connectTimeout) {
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
    }

    void clientResources(@Nullable ClientResources clientResources) {
        this.clientResources = clientResources;
    }

    void clientName(@Nullable String clientName) {
        this.clientName = clientName;
    }

    void sentinelPassword(@Nullable String sentinelPassword) {
        this.sentinelPassword = sentinelPassword;
    }

    void sslOptions(@Nullable SslOptions sslOptions) {
        this.sslOptions = sslOptions;
    }

    void maxValueSize(long maxValueSize) {
        if (maxValueSize <= 0) {
            throw new IllegalArgumentException("maxValueSize must be positive, was " + maxValueSize);
        }
        this.maxValueSize = maxValueSize;
    }

    void codec(ValueCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    void compressionThreshold(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("compression threshold must not be negative, was " + bytes);
        }
        this.compressionThreshold = bytes;
    }

    void circuitBreaker(int failures, Duration coolDown) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, was " + failures);
        }
        this.breakerFailures = failures;
        this.breakerCoolDown = positive(coolDown, "coolDown");
    }

    void nanoTime(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The log of the backend's failures, each source at most every 10 seconds, on the options' clock. */
    RateLimitedLog failureLog() {
        return new RateLimitedLog(Duration.ofSeconds(10), this.nanoTime);
    }

    /**
     * The connection of the options' topology behind a new circuit breaker, with its command workers, after its
     * first attempt to connect: a Redis that cannot be reached is logged, and the connection starts disconnected.
     * @throws IllegalArgumentException if a URI is not valid
     */
    CommandGateway connect(RateLimitedLog log) {
        CircuitBreaker breaker = new CircuitBreaker(this.breakerFailures, this.breakerCoolDown, this.nanoTime);
        ThreadPoolExecutor workers = CommandGateway.workers(CommandGateway.WORKER_QUEUE);
        RedisConnector connector;
        try {
            connector = RedisConnector.create(new RedisConnector.Settings(this.uri, this.clusterNodes,
                    this.connectTimeout, this.commandTimeout, this.clientName, this.sentinelPassword,
                    this.clientResources, this.sslOptions), breaker, workers, log);
        }
        catch (RuntimeException ex) {
            workers.shutdownNow();
            throw ex;
        }
        connector.connectNow();
        return new CommandGateway(connector, breaker, workers, this.commandTimeout);
    }

    /**
     * How values become the bytes stored and back: the codec, the compression threshold and the size limit.
     * @param source the Redis, as failures are logged
     */
    StoredValues storedValues(RateLimitedLog log, String source) {
        return new StoredValues(this.codec, this.maxValueSize, this.compressionThreshold, log, source);
    }

    private static Duration positive(Duration duration, String name) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
        return duration;
    }
}
