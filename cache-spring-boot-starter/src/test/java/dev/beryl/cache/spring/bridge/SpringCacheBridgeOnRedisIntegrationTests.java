package dev.beryl.cache.spring.bridge;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.redis.RedisTestClient;
import dev.beryl.cache.redis.testsupport.RedisExtension;

/** The bridge on a Redis of its own: records come back as records. */
class SpringCacheBridgeOnRedisIntegrationTests extends SpringCacheBridgeContract {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    @Override
    String[] backend() {
        return new String[] { "beryl.cache.default-backend=redis", "beryl.cache.redis.url=" + redis.server().uri() };
    }

    @Override
    String stored(String key) throws Exception {
        try (RedisTestClient client = RedisTestClient.standalone(redis.server().uri())) {
            return client.getString(key);
        }
    }

    @AfterEach
    void flush() throws Exception {
        try (RedisTestClient client = RedisTestClient.standalone(redis.server().uri())) {
            client.flushAll();
        }
    }
}
