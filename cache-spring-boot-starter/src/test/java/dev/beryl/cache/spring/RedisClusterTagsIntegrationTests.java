package dev.beryl.cache.spring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.redis.testsupport.RedisExtension;
import dev.beryl.cache.spring.CacheInvalidationTests.Catalogue;
import dev.beryl.cache.spring.CacheInvalidationTests.CatalogueAdmin;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** Tags through the annotations on a three-master Redis Cluster, where a tag and its entries live on other slots. */
class RedisClusterTagsIntegrationTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.cluster();

    @Test
    void oneTag_removesTheEntryFromEveryCache_acrossSlots() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withBean(Catalogue.class).withBean(CatalogueAdmin.class)
                .withPropertyValues("beryl.cache.default-backend=redis",
                        "beryl.cache.redis.cluster.nodes=" + String.join(",", redis.clusterNodes()))
                .run((context) -> {
                    Catalogue catalogue = context.getBean(Catalogue.class);
                    for (long id = 1; id <= 20; id++) {
                        catalogue.product(id);
                    }
                    catalogue.category("socks");
                    CatalogueAdmin admin = context.getBean(CatalogueAdmin.class);
                    for (long id = 1; id <= 20; id++) {
                        admin.delete(id);
                    }
                    for (long id = 1; id <= 20; id++) {
                        catalogue.product(id);
                    }
                    catalogue.category("socks");
                    assertThat(catalogue.loads("product")).isEqualTo(40);
                    assertThat(catalogue.loads("category")).isEqualTo(2);
                });
    }
}
