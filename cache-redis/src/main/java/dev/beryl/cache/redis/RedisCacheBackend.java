package dev.beryl.cache.redis;

import java.lang.System.Logger.Level;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.RateLimitedLog;
import dev.beryl.cache.key.KeyParts;

/**
 * A {@link CacheBackend} on Redis, over one shared, thread-safe Lettuce connection.
 * <ul>
 * <li>Standalone, TLS and Sentinel from a URI ({@code redis://}, {@code rediss://},
 * {@code redis-sentinel://host:26379#mymaster}), or a Cluster from seed nodes.</li>
 * <li>Values are JSON ({@link JsonValueCodec}), set atomically with their ttl ({@code SET key value PX ms}).</li>
 * <li>An entry that cannot be decoded is a miss: it is deleted, counted and logged, and the method runs again.</li>
 * <li>A value larger than {@code maxValueSize} is not stored; it is counted and logged.</li>
 * <li>A Redis that is down, refuses or is slower than the command timeout fails the operation with a
 * {@link RedisCacheException}, which the engine turns into a miss. After {@code breakerFailures} failures in a row,
 * Redis is skipped for {@code breakerCoolDown}, then probed again; caching resumes by itself.</li>
 * <li>{@link #clear} uses {@code SCAN} and {@code UNLINK} in batches, on every master of a Cluster.</li>
 * </ul>
 * If Redis cannot be reached when the backend is built, it starts disconnected and connects at a later call.
 *
 * <pre>{@code
 * RedisCacheBackend redis = RedisCacheBackend.builder().uri("redis://localhost:6379").build();
 * }</pre>
 */
public final class RedisCacheBackend implements CacheBackend, AutoCloseable {

    /** How long a command may take before the call goes on without the cache. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

    /** How long connecting may take. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /** The largest value stored, in bytes of JSON: 1 MiB. */
    public static final long DEFAULT_MAX_VALUE_SIZE = 1024 * 1024;

    /** How many failures in a row open the circuit breaker. */
    public static final int DEFAULT_BREAKER_FAILURES = 5;

    /** How long an open circuit breaker skips Redis before probing it again. */
    public static final Duration DEFAULT_BREAKER_COOL_DOWN = Duration.ofSeconds(5);

    private static final System.Logger logger = System.getLogger(RedisCacheBackend.class.getName());

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private static final int SCAN_BATCH = 500;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private static final AtomicLong WORKERS = new AtomicLong();

    /**
     * Adds a member to a tag: a sorted set of keys scored by their expiry on the server's clock. Members that have
     * expired are dropped on every add, and the set itself expires with its longest-lived member, so a tag never
     * outgrows its live entries. Touches only the tag's key, so it runs on a Cluster whatever slots the members
     * live on.
     */
    private static final String TAG_SCRIPT = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            redis.call('PEXPIREAT', KEYS[1], string.format('%.0f', tonumber(last[2])))
            return 1
            """;

    private static final String TAG_SCRIPT_SHA = sha1Hex(TAG_SCRIPT);

    private final AbstractRedisClient client;

    private final Function<AbstractRedisClient, StatefulConnection<String, byte[]>> connector;

    private final String description;

    private final JsonValueCodec codec;

    private final Duration commandTimeout;

    private final long maxValueSize;

    private final CircuitBreaker breaker;

    private final RateLimitedLog log;

    private final AtomicLong decodeFailures = new AtomicLong();

    private final AtomicLong oversizedValues = new AtomicLong();

    /** Runs continuations that issue further commands, and connection attempts, off Lettuce's event loop. */
    private final ExecutorService worker = Executors.newCachedThreadPool((task) -> {
        Thread thread = new Thread(task, "beryl-redis-" + WORKERS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private volatile @Nullable Connected connected;

    private @Nullable CompletableFuture<Void> connecting;

    private volatile boolean closed;

    private RedisCacheBackend(Builder builder) {
        this.codec = builder.codec;
        this.commandTimeout = builder.commandTimeout;
        this.maxValueSize = builder.maxValueSize;
        this.breaker = new CircuitBreaker(builder.breakerFailures, builder.breakerCoolDown, builder.nanoTime);
        this.log = new RateLimitedLog(Duration.ofSeconds(10), builder.nanoTime);
        SocketOptions socket = SocketOptions.builder().connectTimeout(builder.connectTimeout).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(builder.commandTimeout);
        if (builder.clusterNodes.isEmpty()) {
            RedisURI uri = redisUri(Objects.requireNonNull(builder.uri, "uri or clusterNodes"), builder);
            RedisClient standalone = RedisClient.create(uri);
            standalone.setOptions(ClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
            this.client = standalone;
            this.connector = (client) -> ((RedisClient) client).connect(CODEC);
            this.description = "Redis " + safe(uri);
        }
        else {
            List<RedisURI> seeds = new ArrayList<>();
            builder.clusterNodes.forEach((node) -> seeds.add(redisUri(node, builder)));
            RedisClusterClient cluster = RedisClusterClient.create(seeds);
            cluster.setOptions(ClusterClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers()
                            .enablePeriodicRefresh(Duration.ofSeconds(30)).build())
                    .build());
            this.client = cluster;
            this.connector = (client) -> ((RedisClusterClient) client).connect(CODEC);
            this.description = "Redis Cluster " + seeds.stream().map(RedisCacheBackend::safe).toList();
        }
        connectNow();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletableFuture<CacheLookup> get(String key, Type valueType) {
        return fetch(key).thenApplyAsync((bytes) -> decode(key, bytes, valueType), this.worker);
    }

    /** Stores a value; the entry keeps the tags of the entry it replaces, as {@link #set(String, Object, Duration, Set)}. */
    @Override
    public CompletableFuture<Void> set(String key, @Nullable Object value, Duration ttl) {
        return set(key, value, ttl, Set.of());
    }

    @Override
    public boolean supportsTags() {
        return true;
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
        byte[] bytes = this.codec.encode(value);
        if (bytes.length > this.maxValueSize) {
            this.oversizedValues.incrementAndGet();
            this.log.record(this.description, "store " + key, new IllegalArgumentException("value of "
                    + bytes.length + " bytes is larger than the limit of " + this.maxValueSize + " bytes"));
            return CompletableFuture.completedFuture(null);
        }
        long ttlMillis = Math.max(1, saturatedMillis(ttl));
        String tagsKey = entryTagsKey(key);
        CompletableFuture<byte @Nullable []> previous = call("GET " + tagsKey, (redis) -> redis.get(tagsKey));
        if (tags.isEmpty()) {
            // The usual store: SET goes out at once, with the look at the replaced entry's tags beside it.
            CompletableFuture<?> stored = call("SET " + key, (redis) -> redis.set(key, bytes, SetArgs.Builder.px(ttlMillis)));
            CompletableFuture<?> retagged = previous.thenComposeAsync((old) -> (old == null) ? DONE
                    : tagAll(key, EntryTags.decode(old), ttlMillis, tagsKey, old), this.worker);
            return CompletableFuture.allOf(stored, retagged);
        }
        CompletableFuture<?> ownTags = tagAll(key, tags, ttlMillis, null, null);
        // The value only once every tag knows its key: a failed tag write leaves no entry its tag cannot remove.
        return ownTags.thenCombine(previous, (done, old) -> old).thenComposeAsync((old) -> {
            Set<String> inherited = (old != null) ? EntryTags.decode(old) : Set.of();
            Set<String> all = EntryTags.union(tags, inherited);
            Set<String> missing = new LinkedHashSet<>(inherited);
            missing.removeAll(tags);
            byte[] encoded = EntryTags.encode(all);
            return tagAll(key, missing, ttlMillis, null, null).thenComposeAsync((tagged) -> CompletableFuture.allOf(
                    call("SET " + tagsKey, (redis) -> redis.set(tagsKey, encoded, SetArgs.Builder.px(ttlMillis))),
                    call("SET " + key, (redis) -> redis.set(key, bytes, SetArgs.Builder.px(ttlMillis)))), this.worker);
        }, this.worker);
    }

    /**
     * Adds the key to every tag with the given lifetime; with {@code tagsKey}, also renews the entry's list of
     * tags to that lifetime.
     */
    private CompletableFuture<Void> tagAll(String key, Set<String> tags, long ttlMillis, @Nullable String tagsKey,
            byte @Nullable [] encodedTags) {
        if (tags.isEmpty()) {
            return DONE;
        }
        byte[] member = key.getBytes(StandardCharsets.UTF_8);
        byte[] lifetime = Long.toString(ttlMillis).getBytes(StandardCharsets.US_ASCII);
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (String tag : tags) {
            String[] keys = { tag };
            // By digest, sending the script itself only to a server that does not know it yet.
            writes.add(call("tag " + tag, (redis) -> redis.<Long>evalsha(TAG_SCRIPT_SHA, ScriptOutputType.INTEGER,
                    keys, member, lifetime)).exceptionallyCompose((failure) -> isNoScript(failure)
                            ? call("tag " + tag, (redis) -> redis.<Long>eval(TAG_SCRIPT, ScriptOutputType.INTEGER,
                                    keys, member, lifetime))
                            : CompletableFuture.failedFuture(failure)));
        }
        if (tagsKey != null && encodedTags != null) {
            writes.add(call("SET " + tagsKey,
                    (redis) -> redis.set(tagsKey, encodedTags, SetArgs.Builder.px(ttlMillis))));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    /**
     * Removes every key in the tag's sorted set, in batches. The set itself is left to shed its members as they
     * expire: removing them here could also remove a membership that a concurrent put has just renewed.
     */
    @Override
    public CompletableFuture<Void> invalidateTag(String tag) {
        return call("ZRANGE " + tag, (redis) -> redis.zrange(tag, 0, -1)).thenComposeAsync((members) -> {
            List<CompletableFuture<?>> removals = new ArrayList<>();
            for (int from = 0; from < members.size(); from += SCAN_BATCH) {
                List<byte[]> batch = members.subList(from, Math.min(members.size(), from + SCAN_BATCH));
                String[] keys = batch.stream().map((bytes) -> new String(bytes, StandardCharsets.UTF_8))
                        .toArray(String[]::new);
                removals.add(call("UNLINK tagged", (redis) -> redis.unlink(keys)));
            }
            return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new));
        }, this.worker);
    }

    /** Removes a key, and the list of its tags. */
    @Override
    public CompletableFuture<Void> delete(String key) {
        String tagsKey = entryTagsKey(key);
        return CompletableFuture.allOf(call("UNLINK " + key, (redis) -> redis.unlink(key)),
                call("UNLINK " + tagsKey, (redis) -> redis.unlink(tagsKey)));
    }

    /**
     * Removes every key that starts with {@code namespace + ":"}: {@code SCAN} with {@code MATCH} and
     * {@code UNLINK} in batches of 500, across every master of a Cluster. Other keys are left alone.
     */
    @Override
    public CompletableFuture<Void> clear(String namespace) {
        ScanArgs match = ScanArgs.Builder.matches(escapeGlob(namespace) + ":*").limit(SCAN_BATCH);
        return call("SCAN " + namespace, (redis) -> redis.scan(match))
                .thenComposeAsync((cursor) -> unlinkAndContinue(cursor, match), this.worker);
    }

    /** The command timeout: every operation answers or fails within it. */
    @Override
    public Duration ownTimeout() {
        return this.commandTimeout;
    }

    /** Values are JSON without type information: the type must say which class to read. */
    @Override
    public void checkValueType(Type valueType) {
        this.codec.checkReadable(valueType);
    }

    /** Waits for the bytes, then decodes them on the caller's thread rather than on Lettuce's event loop. */
    @Override
    public CacheLookup getSync(String key, Type valueType) {
        return decode(key, await(fetch(key)), valueType);
    }

    @Override
    public void setSync(String key, @Nullable Object value, Duration ttl) {
        await(set(key, value, ttl));
    }

    @Override
    public void setSync(String key, @Nullable Object value, Duration ttl, Set<String> tags) {
        await(set(key, value, ttl, tags));
    }

    @Override
    public void deleteSync(String key) {
        await(delete(key));
    }

    /** How many stored entries could not be decoded and were treated as misses. */
    public long decodeFailures() {
        return this.decodeFailures.get();
    }

    /** How many values were not stored because they were larger than the limit. */
    public long oversizedValues() {
        return this.oversizedValues.get();
    }

    /** How often the circuit breaker opened. */
    public long breakerOpenings() {
        return this.breaker.openings();
    }

    /** Closes the connection and shuts the client down. */
    @Override
    public void close() {
        this.closed = true;
        Connected current = this.connected;
        if (current != null) {
            current.connection.close();
        }
        this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        this.worker.shutdownNow();
    }

    @Override
    public String toString() {
        return "RedisCacheBackend[" + this.description + "]";
    }

    private CompletableFuture<Void> unlinkAndContinue(KeyScanCursor<String> cursor, ScanArgs match) {
        List<String> keys = cursor.getKeys();
        CompletableFuture<?> unlinked = keys.isEmpty() ? CompletableFuture.completedFuture(null)
                : call("UNLINK batch", (redis) -> redis.unlink(keys.toArray(String[]::new)));
        if (cursor.isFinished()) {
            return unlinked.thenApply((count) -> null);
        }
        return unlinked.thenComposeAsync((count) -> call("SCAN", (redis) -> redis.scan(cursor, match)), this.worker)
                .thenComposeAsync((next) -> unlinkAndContinue(next, match), this.worker);
    }

    private CompletableFuture<byte @Nullable []> fetch(String key) {
        return call("GET " + key, (redis) -> redis.get(key));
    }

    private CacheLookup decode(String key, byte @Nullable [] bytes, Type valueType) {
        if (bytes == null) {
            return CacheLookup.miss();
        }
        try {
            return CacheLookup.hit(this.codec.decode(bytes, valueType));
        }
        catch (RuntimeException ex) {
            this.decodeFailures.incrementAndGet();
            this.log.record(this.description, "decode " + key + " as " + valueType.getTypeName()
                    + "; the entry is deleted and the method runs", ex);
            call("UNLINK " + key, (redis) -> redis.unlink(key));
            return CacheLookup.miss();
        }
    }

    private <T> CompletableFuture<T> call(String what,
            Function<RedisClusterAsyncCommands<String, byte[]>, ? extends CompletionStage<T>> command) {
        if (this.closed) {
            return CompletableFuture.failedFuture(new RedisCacheException(this.description + " is closed"));
        }
        Connected current = this.connected;
        if (current == null) {
            connectInBackground();
            return CompletableFuture.failedFuture(new RedisCacheException(this.description + " is not connected"));
        }
        long permit = this.breaker.tryAcquire();
        if (permit == CircuitBreaker.REFUSED) {
            return CompletableFuture.failedFuture(new RedisCacheException(this.description
                    + " is skipped for a while after repeated failures (circuit breaker open)"));
        }
        CompletableFuture<T> result;
        try {
            result = command.apply(current.commands).toCompletableFuture();
        }
        catch (RuntimeException ex) {
            this.breaker.onFailure(permit);
            return CompletableFuture.failedFuture(new RedisCacheException(what + " failed on " + this.description, ex));
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
            throw new RedisCacheException(what + " failed on " + this.description + ": " + cause.getMessage(), cause);
        });
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            // The command timeout ends the command; the margin only guards against a future that never completes.
            return future.get(this.commandTimeout.toMillis() + 100, TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
                    : new RedisCacheException("Redis command failed", ex.getCause());
        }
        catch (TimeoutException ex) {
            future.cancel(false);
            throw new RedisCacheException(this.description + " did not answer within " + this.commandTimeout, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new RedisCacheException("Interrupted while waiting for " + this.description, ex);
        }
    }

    private void connectNow() {
        long permit = this.breaker.tryAcquire();
        try {
            this.connected = new Connected(this.connector.apply(this.client));
            this.breaker.onSuccess(permit);
        }
        catch (RuntimeException ex) {
            logger.log(Level.WARNING, this.description + " cannot be reached (" + ex.getMessage()
                    + "); cached methods run uncached until it can");
            this.breaker.onFailure(permit);
        }
    }

    /**
     * Starts one connection attempt on the backend's own thread, unless one runs or the breaker refuses; calls
     * meanwhile go on without the cache.
     */
    private void connectInBackground() {
        synchronized (this) {
            if (this.connected != null || this.closed || (this.connecting != null && !this.connecting.isDone())) {
                return;
            }
            long permit = this.breaker.tryAcquire();
            if (permit == CircuitBreaker.REFUSED) {
                return;
            }
            this.connecting = CompletableFuture.runAsync(() -> connectOnce(permit), this.worker);
        }
    }

    private void connectOnce(long permit) {
        boolean connected = false;
        try {
            Connected fresh = new Connected(this.connector.apply(this.client));
            if (this.closed) {
                fresh.connection.close();
                return;
            }
            this.connected = fresh;
            connected = true;
            logger.log(Level.INFO, this.description + " is reachable again; caching resumes");
        }
        catch (RuntimeException ex) {
            this.log.record(this.description, "connect", ex);
        }
        finally {
            if (connected) {
                this.breaker.onSuccess(permit);
            }
            else {
                this.breaker.onFailure(permit);
            }
        }
    }

    private static RedisURI redisUri(String text, Builder builder) {
        String withScheme = text.contains("://") ? text : "redis://" + text;
        RedisURI uri = RedisURI.create(withScheme);
        uri.setTimeout(builder.commandTimeout);
        if (builder.clientName != null) {
            uri.setClientName(builder.clientName);
        }
        if (builder.sentinelPassword != null) {
            uri.getSentinels().forEach((sentinel) -> sentinel.setPassword(builder.sentinelPassword.toCharArray()));
        }
        return uri;
    }

    private static String safe(RedisURI uri) {
        String hosts = uri.getSentinels().isEmpty() ? uri.getHost() + ":" + uri.getPort()
                : uri.getSentinels().stream().map((sentinel) -> sentinel.getHost() + ":" + sentinel.getPort()).toList()
                        + " master " + uri.getSentinelMasterId();
        return hosts + "/" + uri.getDatabase();
    }

    /**
     * Where the tags of an entry are kept: {@code {key-prefix}::entry-tags:{key}}, which no cache key or tag id can
     * be; like every key, at most 512 bytes (a long key is replaced by its digest there).
     */
    static String entryTagsKey(String key) {
        int colon = key.indexOf(':');
        return KeyParts.fullKey(((colon >= 0) ? key.substring(0, colon) : "") + "::entry-tags", key);
    }

    private static boolean isNoScript(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisNoScriptException) {
                return true;
            }
        }
        return false;
    }

    private static String sha1Hex(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform has SHA-1", ex);
        }
    }

    private static long saturatedMillis(Duration ttl) {
        try {
            return ttl.toMillis();
        }
        catch (ArithmeticException ex) {
            return Long.MAX_VALUE;
        }
    }

    private static String escapeGlob(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /** A live connection and its async commands, standalone or cluster alike. */
    private static final class Connected {

        final StatefulConnection<String, byte[]> connection;

        final RedisClusterAsyncCommands<String, byte[]> commands;

        Connected(StatefulConnection<String, byte[]> connection) {
            this.connection = connection;
            this.commands = (connection instanceof StatefulRedisClusterConnection<String, byte[]> cluster)
                    ? cluster.async() : ((StatefulRedisConnection<String, byte[]>) connection).async();
        }
    }

    /** Options of a {@link RedisCacheBackend}. */
    public static final class Builder {

        private @Nullable String uri;

        private List<String> clusterNodes = List.of();

        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;

        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

        private @Nullable String clientName;

        private @Nullable String sentinelPassword;

        private long maxValueSize = DEFAULT_MAX_VALUE_SIZE;

        private JsonValueCodec codec = new JsonValueCodec();

        private int breakerFailures = DEFAULT_BREAKER_FAILURES;

        private Duration breakerCoolDown = DEFAULT_BREAKER_COOL_DOWN;

        private LongSupplier nanoTime = System::nanoTime;

        private Builder() {
        }

        /**
         * The server: {@code redis://[user:password@]host:port/db}, {@code rediss://...} for TLS, or
         * {@code redis-sentinel://[password@]host:port[,host:port]/db#master}.
         */
        public Builder uri(String uri) {
            this.uri = uri;
            return this;
        }

        /** The seed nodes of a Cluster, as {@code host:port} or URIs; when set, {@link #uri} is not used. */
        public Builder clusterNodes(List<String> clusterNodes) {
            this.clusterNodes = List.copyOf(clusterNodes);
            return this;
        }

        /** How long a command may take before it fails and the call goes on without the cache. */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = positive(commandTimeout, "commandTimeout");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** The name the connection gives itself ({@code CLIENT SETNAME}), to recognise it in {@code CLIENT LIST}. */
        public Builder clientName(@Nullable String clientName) {
            this.clientName = clientName;
            return this;
        }

        /**
         * The password of the Sentinels themselves, where it differs from the master's; the master's credentials
         * go in the URI ({@code redis-sentinel://user:password@host:26379#mymaster}).
         */
        public Builder sentinelPassword(@Nullable String sentinelPassword) {
            this.sentinelPassword = sentinelPassword;
            return this;
        }

        /** The largest value stored, in bytes of its encoding; larger values are not cached. */
        public Builder maxValueSize(long maxValueSize) {
            if (maxValueSize <= 0) {
                throw new IllegalArgumentException("maxValueSize must be positive, was " + maxValueSize);
            }
            this.maxValueSize = maxValueSize;
            return this;
        }

        public Builder codec(JsonValueCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** How many failures in a row open the circuit breaker, and how long it then skips Redis. */
        public Builder circuitBreaker(int failures, Duration coolDown) {
            if (failures < 1) {
                throw new IllegalArgumentException("failures must be at least 1, was " + failures);
            }
            this.breakerFailures = failures;
            this.breakerCoolDown = positive(coolDown, "coolDown");
            return this;
        }

        /** The clock of the circuit breaker and the failure log, for tests. */
        Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
            return this;
        }

        public RedisCacheBackend build() {
            return new RedisCacheBackend(this);
        }

        private static Duration positive(Duration duration, String name) {
            if (duration == null || duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + duration);
            }
            return duration;
        }
    }
}
