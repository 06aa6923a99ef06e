package dev.beryl.cache.benchmarks;

import java.util.function.Supplier;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import dev.beryl.cache.benchmarks.Shapes.Product;
import dev.beryl.cache.redis.JsonValueCodec;

/**
 * The limit of a Redis hit: one value stored under {@code key}, then read with a synchronous Lettuce {@code GET} and
 * decoded to its type by Beryl's JSON codec, with no cache around it.
 */
final class RawLettuce implements AutoCloseable {

    private final RedisClient client;

    private final StatefulRedisConnection<String, byte[]> connection;

    private final Supplier<Object> read;

    RawLettuce(String url, String key, Product value) {
        this.client = RedisClient.create(url);
        this.connection = this.client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        RedisCommands<String, byte[]> redis = this.connection.sync();
        JsonValueCodec codec = new JsonValueCodec();
        redis.set(key, codec.encode(value));
        this.read = () -> codec.decode(redis.get(key), Product.class);
    }

    /** One read: {@code GET} and decode. */
    Supplier<Object> read() {
        return this.read;
    }

    @Override
    public void close() {
        this.connection.close();
        this.client.shutdown();
    }
}
