package dev.beryl.cache.spring.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.redis.RedisCacheBackend;

/**
 * How long an entry has left, for the {@code ttl} of a hit's {@code Cache-Status} where the entry holds the value
 * alone (handlers that return a future or a publisher): the in-memory backend knows at once; Redis is asked
 * ({@code PTTL}), only when the header is on. Unknown, or a failure, leaves the {@code ttl} out.
 */
final class EntryTtls {

    private static final boolean REDIS = ClassUtils.isPresent("dev.beryl.cache.redis.RedisCacheBackend",
            EntryTtls.class.getClassLoader());

    private EntryTtls() {
    }

    /** Whole seconds the entry of a key has left, or {@code null} when unknown. */
    static CompletableFuture<@Nullable Long> secondsLeft(CacheBackend backend, String key) {
        if (backend instanceof InMemoryCacheBackend memory) {
            return CompletableFuture.completedFuture(memory.remainingTtl(key).map(Duration::toSeconds).orElse(null));
        }
        if (REDIS) {
            return Redis.secondsLeft(backend, key);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Touched only where cache-redis is on the classpath. */
    private static final class Redis {

        static CompletableFuture<@Nullable Long> secondsLeft(CacheBackend backend, String key) {
            if (!(backend instanceof RedisCacheBackend redis)) {
                return CompletableFuture.completedFuture(null);
            }
            return redis.remainingTtlMillis(key)
                    .handle((millis, failure) -> (failure != null || millis == null || millis < 0) ? null
                            : millis / 1000);
        }
    }
}
