package dev.beryl.cache.redis;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.redis.testsupport.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Every value shape through a real Redis and back, compared equal. */
class RedisValueShapesIntegrationTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    private static RedisCacheBackend backend;

    @BeforeAll
    static void connect() {
        backend = RedisCacheBackend.builder().uri(redis.server().uri()).build();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("dev.beryl.cache.redis.ValueShapes#all")
    void everyShape_roundTripsThroughRedis(String method, Object value) {
        String key = "beryl:shapes:" + method + ":" + value.hashCode();
        backend.setSync(key, value, Duration.ofMinutes(1));
        assertThat(backend.getSync(key, ValueShapes.declared(method))).isEqualTo(CacheLookup.hit(value));
        assertThat(backend.get(key, ValueShapes.declared(method)).join()).isEqualTo(CacheLookup.hit(value));
    }
}
