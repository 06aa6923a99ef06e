package dev.beryl.cache.spring.freshness;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.redis.testsupport.RedisExtension;

/** {@link FleetContract} on a standalone Redis. */
class FleetOnRedisIntegrationTests extends FleetContract {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    @BeforeEach
    void flush() {
        redis.server().command("FLUSHALL");
    }

    @Override
    String[] connection() {
        return new String[] { "beryl.cache.redis.url=" + redis.server().uri() };
    }
}
