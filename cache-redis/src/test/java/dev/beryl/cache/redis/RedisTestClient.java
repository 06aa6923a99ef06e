package dev.beryl.cache.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * A plain Lettuce client beside the backend, to look at and tamper with what the backend stored: raw bytes,
 * {@code PTTL}, keys of other applications, and time that passes by shortening ttls.
 */
public final class RedisTestClient implements AutoCloseable {

    private final AutoCloseable client;

    private final StatefulConnection<String, byte[]> connection;

    private final RedisClusterCommands<String, byte[]> commands;

    private RedisTestClient(AutoCloseable client, StatefulConnection<String, byte[]> connection,
            RedisClusterCommands<String, byte[]> commands) {
        this.client = client;
        this.connection = connection;
        this.commands = commands;
    }

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    public static RedisTestClient standalone(String uri) {
        RedisClient client = RedisClient.create(uri);
        StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC);
        return new RedisTestClient(client::shutdown, connection, connection.sync());
    }

    public static RedisTestClient cluster(List<String> nodes) {
        RedisClusterClient client = RedisClusterClient.create(nodes.stream()
                .map((node) -> io.lettuce.core.RedisURI.create("redis://" + node)).toList());
        StatefulRedisClusterConnection<String, byte[]> connection = client.connect(CODEC);
        return new RedisTestClient(client::shutdown, connection, connection.sync());
    }

    public RedisClusterCommands<String, byte[]> commands() {
        return this.commands;
    }

    public String getString(String key) {
        byte[] bytes = this.commands.get(key);
        return (bytes != null) ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : null;
    }

    public void setString(String key, String value) {
        this.commands.set(key, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public void setBytes(String key, byte[] value) {
        this.commands.set(key, value);
    }

    /** Every key that matches a glob pattern, found with SCAN. */
    public List<String> scan(String pattern) {
        List<String> keys = new ArrayList<>();
        ScanIterator.scan(this.commands, ScanArgs.Builder.matches(pattern).limit(500)).forEachRemaining(keys::add);
        return keys;
    }

    /** Lets {@code duration} pass for every key that matches: shortens each ttl, deleting what it ends. */
    public void advance(String pattern, Duration duration) {
        for (String key : scan(pattern)) {
            long remaining = this.commands.pttl(key);
            if (remaining < 0) {
                continue;
            }
            long left = remaining - duration.toMillis();
            if (left <= 0) {
                this.commands.del(key);
            }
            else {
                this.commands.pexpire(key, left);
            }
        }
    }

    public void flushAll() {
        this.commands.flushall();
    }

    @Override
    public void close() throws Exception {
        this.connection.close();
        this.client.close();
    }
}
