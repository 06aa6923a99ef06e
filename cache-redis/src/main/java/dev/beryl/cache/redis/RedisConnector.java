package dev.beryl.cache.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;

import dev.beryl.cache.internal.RateLimitedLog;

/**
 * The Lettuce client of one topology (standalone, TLS and Sentinel from a URI, or a Cluster from seed nodes) and its
 * one shared connection. Building it does no I/O; {@link #connectNow} makes the first attempt, and while there is no
 * connection {@link #connectInBackground} makes one attempt at a time on a worker, each admitted by the circuit
 * breaker, so a Redis that is down costs one connection attempt per cool-down, not one per call.
 */
final class RedisConnector implements AutoCloseable {

    private static final System.Logger logger = System.getLogger(RedisCacheBackend.class.getName());

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final AbstractRedisClient client;

    private final String description;

    private final CircuitBreaker breaker;

    private final Executor workers;

    private final RateLimitedLog log;

    private volatile @Nullable RedisClusterAsyncCommands<String, byte[]> commands;

    private @Nullable StatefulConnection<String, byte[]> connection;

    private @Nullable CompletableFuture<Void> connecting;

    private volatile boolean closed;

    private RedisConnector(AbstractRedisClient client, String description, CircuitBreaker breaker, Executor workers,
            RateLimitedLog log) {
        this.client = client;
        this.description = description;
        this.breaker = breaker;
        this.workers = workers;
        this.log = log;
    }

    /**
     * A connector for the topology of {@code settings}, not yet connected.
     * @throws IllegalArgumentException if a URI is not valid
     * @throws NullPointerException if neither a URI nor Cluster nodes are set
     */
    static RedisConnector create(Settings settings, CircuitBreaker breaker, Executor workers, RateLimitedLog log) {
        SocketOptions socket = SocketOptions.builder().connectTimeout(settings.connectTimeout()).build();
        // Lettuce ends a command that is not answered within the command timeout: the first half of the deadline.
        TimeoutOptions timeouts = TimeoutOptions.enabled(settings.commandTimeout());
        SslOptions ssl = (settings.sslOptions() != null) ? settings.sslOptions() : SslOptions.create();
        if (settings.clusterNodes().isEmpty()) {
            RedisURI uri = redisUri(Objects.requireNonNull(settings.uri(), "uri or clusterNodes"), settings);
            RedisClient standalone = (settings.clientResources() != null)
                    ? RedisClient.create(settings.clientResources(), uri) : RedisClient.create(uri);
            standalone.setOptions(ClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts).sslOptions(ssl)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
            return new RedisConnector(standalone, "Redis " + safe(uri), breaker, workers, log);
        }
        List<RedisURI> seeds = new ArrayList<>();
        settings.clusterNodes().forEach((node) -> seeds.add(redisUri(node, settings)));
        RedisClusterClient cluster = (settings.clientResources() != null)
                ? RedisClusterClient.create(settings.clientResources(), seeds) : RedisClusterClient.create(seeds);
        cluster.setOptions(ClusterClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts).sslOptions(ssl)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofSeconds(30)).build())
                .build());
        return new RedisConnector(cluster, "Redis Cluster " + seeds.stream().map(RedisConnector::safe).toList(),
                breaker, workers, log);
    }

    /** What the connector connects to, without credentials: {@code Redis host:port/db} or the Cluster's seeds. */
    String description() {
        return this.description;
    }

    boolean isClosed() {
        return this.closed;
    }

    /** The commands of the live connection, standalone or cluster alike; {@code null} while there is none. */
    @Nullable RedisClusterAsyncCommands<String, byte[]> commands() {
        return this.commands;
    }

    /**
     * Connects on the calling thread. A Redis that cannot be reached is logged once and counted by the breaker; the
     * backend then starts disconnected.
     */
    void connectNow() {
        long permit = this.breaker.tryAcquire();
        try {
            adopt(connect());
            this.breaker.onSuccess(permit);
        }
        catch (RuntimeException ex) {
            logger.log(Level.WARNING, this.description + " cannot be reached (" + ex.getMessage()
                    + "); cached methods run uncached until it can");
            this.breaker.onFailure(permit);
        }
    }

    /**
     * Starts one connection attempt on a worker, unless there is a connection, an attempt runs, or the breaker
     * refuses; calls meanwhile go on without the cache.
     */
    void connectInBackground() {
        synchronized (this) {
            if (this.commands != null || this.closed || (this.connecting != null && !this.connecting.isDone())) {
                return;
            }
            long permit = this.breaker.tryAcquire();
            if (permit == CircuitBreaker.REFUSED) {
                return;
            }
            try {
                this.connecting = CompletableFuture.runAsync(() -> connectOnce(permit), this.workers);
            }
            catch (RejectedExecutionException ex) {
                // Every worker is busy: this attempt did not happen, and the permit must not stay out.
                this.breaker.onFailure(permit);
            }
        }
    }

    /** Closes the connection and shuts the client down. */
    @Override
    public void close() {
        StatefulConnection<String, byte[]> current;
        synchronized (this) {
            this.closed = true;
            this.commands = null;
            current = this.connection;
            this.connection = null;
        }
        if (current != null) {
            current.close();
        }
        this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private void connectOnce(long permit) {
        boolean connected = false;
        try {
            connected = adopt(connect());
            if (connected) {
                logger.log(Level.INFO, this.description + " is reachable again; caching resumes");
            }
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

    private StatefulConnection<String, byte[]> connect() {
        return (this.client instanceof RedisClusterClient cluster) ? cluster.connect(CODEC)
                : ((RedisClient) this.client).connect(CODEC);
    }

    /** Makes a fresh connection the live one, or closes it if the connector was closed meanwhile. */
    private boolean adopt(StatefulConnection<String, byte[]> fresh) {
        synchronized (this) {
            if (!this.closed) {
                this.connection = fresh;
                this.commands = (fresh instanceof StatefulRedisClusterConnection<String, byte[]> cluster)
                        ? cluster.async() : ((StatefulRedisConnection<String, byte[]>) fresh).async();
                return true;
            }
        }
        fresh.close();
        return false;
    }

    private static RedisURI redisUri(String text, Settings settings) {
        String withScheme = text.contains("://") ? text : "redis://" + text;
        RedisURI uri = RedisURI.create(withScheme);
        uri.setTimeout(settings.commandTimeout());
        if (settings.clientName() != null) {
            uri.setClientName(settings.clientName());
        }
        String sentinelPassword = settings.sentinelPassword();
        if (sentinelPassword != null) {
            uri.getSentinels().forEach((sentinel) -> sentinel.setPassword(sentinelPassword.toCharArray()));
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
     * Where and how to connect.
     * @param uri a standalone, TLS or Sentinel URI; not used when {@code clusterNodes} is not empty
     * @param clusterNodes the seed nodes of a Cluster, or none
     * @param clientResources Lettuce's event loops and metrics to share, or {@code null} for the client's own
     * @param sslOptions trust and key material for {@code rediss://} connections, or {@code null} for the JVM's
     */
    record Settings(@Nullable String uri, List<String> clusterNodes, Duration connectTimeout, Duration commandTimeout,
            @Nullable String clientName, @Nullable String sentinelPassword, @Nullable ClientResources clientResources,
            @Nullable SslOptions sslOptions) {

        /** Settings with the JVM's TLS defaults. */
        Settings(@Nullable String uri, List<String> clusterNodes, Duration connectTimeout, Duration commandTimeout,
                @Nullable String clientName, @Nullable String sentinelPassword,
                @Nullable ClientResources clientResources) {
            this(uri, clusterNodes, connectTimeout, commandTimeout, clientName, sentinelPassword, clientResources,
                    null);
        }
    }
}
