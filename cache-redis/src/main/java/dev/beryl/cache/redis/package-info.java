/**
 * The Redis backend: {@link dev.beryl.cache.redis.RedisCacheBackend}, built with its
 * {@link dev.beryl.cache.redis.RedisCacheBackend.Builder builder}, and the {@link dev.beryl.cache.redis.ValueCodec}
 * that turns values into the bytes it stores, JSON ({@link dev.beryl.cache.redis.JsonValueCodec}) by default.
 * Everything else in this package is package-private: the connector that owns the Lettuce client, the command
 * gateway with its circuit breaker, deadline and workers, the tag bookkeeping, and the compression of large values.
 */
@NullMarked
package dev.beryl.cache.redis;

import org.jspecify.annotations.NullMarked;
