package dev.beryl.cache.spring;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.redis.RedisTestClient;
import dev.beryl.cache.redis.testsupport.RedisExtension;
import dev.beryl.cache.spring.CacheInvalidationTests.Catalogue;
import dev.beryl.cache.spring.CacheInvalidationTests.CatalogueAdmin;
import dev.beryl.cache.spring.HostileKeysTests.Search;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile keys and put-through tags on a three-master Redis Cluster, where entries and tags live on other slots. */
class RedisClusterKeysIntegrationTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.cluster();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withBean(Search.class).withBean(Catalogue.class).withBean(CatalogueAdmin.class)
            .withPropertyValues("beryl.cache.default-backend=redis", "beryl.cache.key-prefix=keys",
                    "beryl.cache.redis.cluster.nodes=" + String.join(",", redis.clusterNodes()));

    @Test
    void hugeAndLineBreakingArguments_makeBoundedPrintableKeys_thatHit() throws Exception {
        this.contextRunner.run((context) -> {
            Search search = context.getBean(Search.class);
            String huge = "q".repeat(1 << 20);
            search.find(huge);
            search.find(huge);
            search.find("shoes\r\nWARN forged line");
            search.find("shoes\r\nWARN forged line");
            assertThat(search.calls()).isEqualTo(2);
        });
        try (RedisTestClient raw = RedisTestClient.cluster(redis.clusterNodes())) {
            List<String> keys = raw.scan("keys:Search.find:*");
            assertThat(keys).hasSize(2).allSatisfy((key) -> {
                assertThat(key.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
                assertThat(key).matches("keys:Search\\.find:~[0-9a-f]{32}");
            });
        }
    }

    @Test
    void putThrough_keepsTheTagsOfTheEntryItReplaces_acrossSlots() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            CatalogueAdmin admin = context.getBean(CatalogueAdmin.class);
            for (long id = 101; id <= 110; id++) {
                catalogue.product(id);
                admin.save(id, "v1");
                catalogue.version(id, "v2");
                admin.delete(id);
                assertThat(catalogue.product(id)).isEqualTo("product-" + id + " v2");
            }
            assertThat(catalogue.loads("product")).isEqualTo(20);
        });
    }
}
