package dev.beryl.cache.redis;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import io.lettuce.core.SslOptions;
import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.LeaseLookup;
import dev.beryl.cache.LeasingCacheBackend;
import dev.beryl.cache.internal.RateLimitedLog;

/**
 * A {@link CacheBackend} on Redis, over one shared, thread-safe Lettuce connection.
 * <ul>
 * <li>Standalone, TLS and Sentinel from a URI ({@code redis://}, {@code rediss://},
 * {@code redis-sentinel://host:26379#mymaster}), or a Cluster from seed nodes.</li>
 * <li>Values are JSON ({@link JsonValueCodec}) or what another {@link ValueCodec} writes, compressed above a
 * threshold if asked, and set atomically with their ttl ({@code SET key value PX ms}).</li>
 * <li>An entry that cannot be decoded is a miss: it is deleted, counted and logged, and the method runs again.</li>
 * <li>A value whose encoding is larger than {@code maxValueSize} is not stored; it is counted and logged.</li>
 * <li>A Redis that is down, refuses or is slower than the command timeout fails the operation with a
 * {@link RedisCacheException}, which the engine turns into a miss. After {@code breakerFailures} failures in a row,
 * Redis is skipped for {@code breakerCoolDown}, then probed again; caching resumes by itself.</li>
 * <li>{@link #clear} uses {@code SCAN} and {@code UNLINK} in batches, on every master of a Cluster.</li>
 * <li>The leases of fleet-wide single flight ({@link LeasingCacheBackend}) are placeholders under the entry's own
 * key: the bytes {@code \0beryl-lease\0} and the token, which reads see as a miss and leave in place. The holder's
 * store is one script that writes the value only while the key still holds its placeholder.</li>
 * </ul>
 * If Redis cannot be reached when the backend is built, it starts disconnected and connects at a later call.
 *
 * <pre>{@code
 * RedisCacheBackend redis = RedisCacheBackend.builder().uri("redis://localhost:6379").build();
 * }</pre>
 */
public final class RedisCacheBackend implements LeasingCacheBackend, AutoCloseable {

    /** How long a command may take before the call goes on without the cache. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

    /** How long connecting may take. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /** The largest value stored, in bytes of its encoding: 1 MiB. */
    public static final long DEFAULT_MAX_VALUE_SIZE = 1024 * 1024;

    /** How many failures in a row open the circuit breaker. */
    public static final int DEFAULT_BREAKER_FAILURES = 5;

    /** How long an open circuit breaker skips Redis before probing it again. */
    public static final Duration DEFAULT_BREAKER_COOL_DOWN = Duration.ofSeconds(5);

    private final CommandGateway redis;

    private final TagIndex tags;

    private final StoredValues values;

    private final Leases leases;

    private final Entries entries;

    private RedisCacheBackend(CommandGateway redis, StoredValues values) {
        this.redis = redis;
        this.tags = new TagIndex(redis);
        this.values = values;
        this.leases = new Leases(redis, this.tags, this.values);
        this.entries = new Entries(redis, this.tags, this.values);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A lease's placeholder is a miss, and stays. */
    @Override
    public CompletableFuture<CacheLookup> get(String key, Type valueType) {
        return this.entries.get(key, valueType);
    }

    /** Stores a value; the entry keeps the tags of the entry it replaces, as {@link #set(String, Object, Duration, Set)}. */
    @Override
    public CompletableFuture<Void> set(String key, @Nullable Object value, Duration ttl) {
        return set(key, value, ttl, Set.of());
    }

    /**
     * Adds the key to each tag's sorted set, then stores the value with {@code SET key value PX ttl}. The entry keeps
     * the tags of the entry it replaces: their memberships are renewed with the new expiry, so that a put-through
     * without tags is still removed by the tags the value was first cached with. An entry's tags are kept under
     * {@code {key-prefix}::entry-tags:{key}}, which expires with it. Not atomic: a tag invalidated at the same moment
     * may miss this entry, which then still expires with its ttl.
     */
    @Override
    public CompletableFuture<Void> set(String key, @Nullable Object value, Duration ttl, Set<String> tags) {
        return this.entries.set(key, value, pxMillis(ttl), tags);
    }

    /**
     * Removes every key in the tag's sorted set, in batches. The set itself is left to shed its members as they
     * expire: removing them here could also remove a membership that a concurrent put has just renewed.
     */
    @Override
    public CompletableFuture<Void> invalidateTag(String tag) {
        return this.tags.invalidate(tag);
    }

    /** Removes a key, and the list of its tags. */
    @Override
    public CompletableFuture<Void> delete(String key) {
        return this.entries.delete(key);
    }

    /**
     * Removes every key that starts with {@code namespace + ":"}: {@code SCAN} with {@code MATCH} and
     * {@code UNLINK} in batches of 500, across every master of a Cluster. Other keys are left alone.
     */
    @Override
    public CompletableFuture<Void> clear(String namespace) {
        return NamespaceClear.clear(this.redis, namespace);
    }

    /** The command timeout: every operation answers or fails within it. */
    @Override
    public Duration ownTimeout() {
        return this.redis.timeout();
    }

    /** Asks the codec: JSON without type information needs a type that says which class to read, at every depth. */
    @Override
    public void checkValueType(Type valueType) {
        this.values.checkReadable(valueType);
    }

    /** Waits for the bytes, then decodes them on the caller's thread rather than on Lettuce's event loop. */
    @Override
    public CacheLookup getSync(String key, Type valueType) {
        return this.entries.getSync(key, valueType);
    }

    @Override
    public void setSync(String key, @Nullable Object value, Duration ttl) {
        setSync(key, value, ttl, Set.of());
    }

    /** Encodes the value, then waits for Redis to store it. */
    @Override
    public void setSync(String key, @Nullable Object value, Duration ttl, Set<String> tags) {
        this.entries.setSync(key, value, pxMillis(ttl), tags);
    }

    @Override
    public void deleteSync(String key) {
        this.entries.deleteSync(key);
    }

    /**
     * Takes a lease where the key holds nothing, in one script. An entry that cannot be decoded is a miss, counted
     * like any: this call's lease replaces it, so the answer is {@code ACQUIRED} (or what another instance stored
     * meanwhile).
     */
    @Override
    public CompletableFuture<LeaseLookup> getOrLease(String key, Type valueType, String token, Duration lease) {
        return this.leases.getOrLease(key, valueType, token, pxMillis(lease));
    }

    /**
     * Stores like {@link #set(String, Object, Duration, Set)}, the value with one script that sets it only while the
     * key holds the lease; a value too large to store gives the lease up.
     */
    @Override
    public CompletableFuture<Boolean> setIfLeased(String key, @Nullable Object value, Duration ttl, Set<String> tags,
            String token) {
        return this.leases.setIfLeased(key, value, pxMillis(ttl), tags, token);
    }

    @Override
    public CompletableFuture<Void> releaseLease(String key, String token) {
        return this.leases.releaseLease(key, token);
    }

    /** {@code SET {key-prefix}::lease:{key} token NX PX lease}, beside the entry. */
    @Override
    public CompletableFuture<Boolean> tryRefreshLease(String key, String token, Duration lease) {
        return this.leases.tryRefreshLease(key, token, pxMillis(lease));
    }

    @Override
    public CompletableFuture<Void> releaseRefreshLease(String key, String token) {
        return this.leases.releaseRefreshLease(key, token);
    }

    /** How many stored entries could not be decoded and were treated as misses. */
    public long decodeFailures() {
        return this.values.decodeFailures();
    }

    /** How many stored entries of one cache ({@code {key-prefix}:{name}}) could not be decoded. */
    public long decodeFailures(String namespace) {
        return this.values.decodeFailures(namespace);
    }

    /**
     * Asks Redis {@code PING}, through the circuit breaker and within the command timeout: for health checks.
     * @throws RedisCacheException if Redis did not answer in time, failed, or the open breaker refused the call
     */
    public void ping() {
        long started = System.nanoTime();
        this.redis.await(this.redis.call("PING", "", (commands) -> commands.ping()), started);
    }

    /**
     * How many milliseconds the entry of a key has left to live ({@code PTTL}), negative when there is none; fails
     * like any command, within the command timeout.
     */
    public CompletableFuture<Long> remainingTtlMillis(String key) {
        return this.redis.call("PTTL", key, (commands) -> commands.pttl(key));
    }

    /** Whether the circuit breaker keeps calls away from Redis now, after failures in a row. */
    public boolean isBreakerOpen() {
        return this.redis.breakerOpen();
    }

    /** How many values were not stored because they were larger than the limit. */
    public long oversizedValues() {
        return this.values.oversizedValues();
    }

    /** How often the circuit breaker opened. */
    public long breakerOpenings() {
        return this.redis.breakerOpenings();
    }

    /** Closes the connection and shuts the client down. */
    @Override
    public void close() {
        this.redis.close();
    }

    @Override
    public String toString() {
        return "RedisCacheBackend[" + this.redis.description() + "]";
    }

    /** The milliseconds of a ttl or lease for {@code PX}: at least 1. */
    private static long pxMillis(Duration duration) {
        try {
            return Math.max(1, duration.toMillis());
        }
        catch (ArithmeticException ex) {
            return Long.MAX_VALUE;
        }
    }

    /** Options of a {@link RedisCacheBackend}. */
    public static final class Builder {

        private final BackendOptions options = new BackendOptions();

        private Builder() {
        }

        /**
         * The server: {@code redis://[user:password@]host:port/db}, {@code rediss://...} for TLS, or
         * {@code redis-sentinel://[password@]host:port[,host:port]/db#master}.
         */
        public Builder uri(String uri) {
            this.options.uri(uri);
            return this;
        }

        /** The seed nodes of a Cluster, as {@code host:port} or URIs; when set, {@link #uri} is not used. */
        public Builder clusterNodes(List<String> clusterNodes) {
            this.options.clusterNodes(clusterNodes);
            return this;
        }

        /** How long a command may take before it fails and the call goes on without the cache. */
        public Builder commandTimeout(Duration commandTimeout) {
            this.options.commandTimeout(commandTimeout);
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.options.connectTimeout(connectTimeout);
            return this;
        }

        /**
         * Lettuce's resources (event loops, command latency metrics, tracing) to share with the rest of the
         * application, such as Spring Boot's; closing the backend leaves them running. By default the client makes
         * its own.
         */
        public Builder clientResources(@Nullable ClientResources clientResources) {
            this.options.clientResources(clientResources);
            return this;
        }

        /** The name the connection gives itself ({@code CLIENT SETNAME}), to recognise it in {@code CLIENT LIST}. */
        public Builder clientName(@Nullable String clientName) {
            this.options.clientName(clientName);
            return this;
        }

        /**
         * The password of the Sentinels themselves, where it differs from the master's; the master's credentials
         * go in the URI ({@code redis-sentinel://user:password@host:26379#mymaster}).
         */
        public Builder sentinelPassword(@Nullable String sentinelPassword) {
            this.options.sentinelPassword(sentinelPassword);
            return this;
        }

        /**
         * The trust material (which servers to trust) and key material (the client's own certificate, for servers
         * that ask for one), protocols and cipher suites of TLS connections. They apply where the URI or the Cluster
         * nodes say {@code rediss://}, which is what turns TLS on; by default the JVM's trust store is used.
         */
        public Builder sslOptions(@Nullable SslOptions sslOptions) {
            this.options.sslOptions(sslOptions);
            return this;
        }

        /** The largest value stored, in bytes of its encoding; larger values are not cached. */
        public Builder maxValueSize(long maxValueSize) {
            this.options.maxValueSize(maxValueSize);
            return this;
        }

        /** How values become bytes; {@link JsonValueCodec} by default. */
        public Builder codec(ValueCodec codec) {
            this.options.codec(codec);
            return this;
        }

        /**
         * Compresses values whose encoding is larger than {@code bytes}; off by default. Compressed values start
         * with a header that no JSON can start with, so values below it stay readable with {@code redis-cli GET};
         * uncompressed, every value must still fit {@link #maxValueSize}, which also bounds decompression.
         */
        public Builder compressionThreshold(long bytes) {
            this.options.compressionThreshold(bytes);
            return this;
        }

        /** How many failures in a row open the circuit breaker, and how long it then skips Redis. */
        public Builder circuitBreaker(int failures, Duration coolDown) {
            this.options.circuitBreaker(failures, coolDown);
            return this;
        }

        /** The clock of the circuit breaker and the failure log, for tests. */
        Builder nanoTime(LongSupplier nanoTime) {
            this.options.nanoTime(nanoTime);
            return this;
        }

        /**
         * Builds the backend and connects to Redis; a Redis that cannot be reached is logged, and the backend starts
         * disconnected.
         * @throws IllegalArgumentException if a URI is not valid
         */
        public RedisCacheBackend build() {
            RateLimitedLog log = this.options.failureLog();
            CommandGateway redis = this.options.connect(log);
            return new RedisCacheBackend(redis, this.options.storedValues(log, redis.description()));
        }
    }
}
