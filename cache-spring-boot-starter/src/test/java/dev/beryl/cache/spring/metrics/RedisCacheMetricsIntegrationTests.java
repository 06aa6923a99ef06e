package dev.beryl.cache.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.redis.RedisTestClient;
import dev.beryl.cache.redis.testsupport.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Cache meters on a Redis of their own, which can also be suspended. */
class RedisCacheMetricsIntegrationTests extends CacheMetricsContract {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    @Override
    String[] backend() {
        return new String[] { "beryl.cache.default-backend=redis", "beryl.cache.redis.url=" + redis.server().uri(),
                "beryl.cache.redis.timeout=200ms" };
    }

    @Override
    String backendName() {
        return "redis";
    }

    @AfterEach
    void flush() throws Exception {
        try (RedisTestClient client = RedisTestClient.standalone(redis.server().uri())) {
            client.flushAll();
        }
    }

    @Test
    void aRedisThatDoesNotAnswer_isCountedAsTimeouts_andAnEntryThatCannotBeDecodedAsADecodeError() throws Exception {
        this.contextRunner.run((context) -> {
            MeteredCatalogue catalogue = context.getBean(MeteredCatalogue.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            redis.server().suspend();
            try {
                assertThat(catalogue.item(5)).isEqualTo("item 5");
            }
            finally {
                redis.server().resume();
            }
            assertThat(counter(registry, "beryl.cache.errors", "kind", "timeout")).isGreaterThanOrEqualTo(1);
            assertThat(registry.get("beryl.cache.redis.breaker.open").tag("backend", "redis").gauge().value())
                    .isZero();

            try (RedisTestClient client = RedisTestClient.standalone(redis.server().uri())) {
                client.setString("beryl:items:6", "{not json");
            }
            assertThat(catalogue.item(6)).isEqualTo("item 6");
            assertThat(counter(registry, "beryl.cache.errors", "kind", "decode")).isEqualTo(1);
        });
    }
}
