package dev.beryl.cache.spring;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.redis.RedisTestClient;
import dev.beryl.cache.redis.testsupport.RedisExtension;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose Redis comes from Spring Boot's connection details (a {@code @ServiceConnection}, Docker
 * Compose) and that sets no Beryl URL caches in that Redis, not on {@code localhost:6379}.
 */
class RedisConnectionDetailsIntegrationTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    @Test
    void withoutABerylUrl_theRedisOfBootsConnectionDetailsIsUsed() {
        URI uri = URI.create(redis.server().uri());
        DataRedisConnectionDetails details = new DataRedisConnectionDetails() {

            @Override
            public Standalone getStandalone() {
                return Standalone.of(uri.getHost(), uri.getPort());
            }
        };
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withBean(DataRedisConnectionDetails.class, () -> details).withBean(Prices.class)
                .withPropertyValues("beryl.cache.default-backend=redis").run((context) -> {
                    assertThat(context.getBean(Prices.class).price(7)).isEqualTo("price 7");
                    try (RedisTestClient client = RedisTestClient.standalone(redis.server().uri())) {
                        assertThat(client.getString("beryl:prices:7")).isEqualTo("\"price 7\"");
                    }
                });
    }

    @Test
    void lettuceResourcesOfTheApplication_areShared_andOutliveTheContext() {
        java.util.Set<String> commands = java.util.concurrent.ConcurrentHashMap.newKeySet();
        io.lettuce.core.resource.ClientResources resources = io.lettuce.core.resource.DefaultClientResources.builder()
                .commandLatencyRecorder(new io.lettuce.core.metrics.CommandLatencyRecorder() {

                    @Override
                    public void recordCommandLatency(java.net.SocketAddress local, java.net.SocketAddress remote,
                            io.lettuce.core.protocol.ProtocolKeyword commandType, long firstResponseLatency,
                            long completionLatency) {
                        commands.add(commandType.toString());
                    }

                    @Override
                    public boolean isEnabled() {
                        return true;
                    }
                }).build();
        try {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                    .withBean(io.lettuce.core.resource.ClientResources.class, () -> resources).withBean(Prices.class)
                    .withPropertyValues("beryl.cache.default-backend=redis",
                            "beryl.cache.redis.url=" + redis.server().uri())
                    .run((context) -> {
                        assertThat(context.getBean(Prices.class).price(8)).isEqualTo("price 8");
                        assertThat(context.getBean(Prices.class).price(8)).isEqualTo("price 8");
                    });
            assertThat(commands).contains("GET");
            assertThat(resources.eventExecutorGroup().isShuttingDown()).isFalse();
        }
        finally {
            resources.shutdown();
        }
    }

    static class Prices {

        @Cached(name = "prices")
        public String price(long id) {
            return "price " + id;
        }
    }
}
