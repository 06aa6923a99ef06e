/**
 * The Redis backend: {@link dev.beryl.cache.redis.RedisCacheBackend}, built with its
 * {@link dev.beryl.cache.redis.RedisCacheBackend.Builder builder}, and the
 * {@link dev.beryl.cache.redis.JsonValueCodec} that turns values into the bytes it stores. Everything else in this package is package-private: the connector that
 * owns the Lettuce client, the command gateway with its circuit breaker, deadline and workers, and the tag
 * bookkeeping.
 */
@NullMarked
package dev.beryl.cache.redis;

import org.jspecify.annotations.NullMarked;
