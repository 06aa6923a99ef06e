package dev.beryl.cache.spring;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.redis.testsupport.RedisExtension;
import dev.beryl.cache.spring.CacheInvalidationTests.Catalogue;
import dev.beryl.cache.spring.CacheInvalidationTests.CatalogueAdmin;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Invalidation and tags on a real Redis, seen across application instances. */
class RedisInvalidationIntegrationTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    private ApplicationContextRunner contextRunner;

    @BeforeEach
    void flush() {
        redis.server().command("FLUSHALL");
        this.contextRunner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withBean(Catalogue.class).withBean(CatalogueAdmin.class)
                .withPropertyValues("beryl.cache.default-backend=redis", "beryl.cache.redis.url=" + redis.server().uri());
    }

    @AfterEach
    void flushAfter() {
        redis.server().command("FLUSHALL");
    }

    @Test
    void invalidateWithSameNameAndKey_makesTheNextReadRunTheMethod() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            catalogue.product(42);
            assertThat(redis.server().command("EXISTS", "beryl:products:42")).isEqualTo("1");
            context.getBean(CatalogueAdmin.class).rename(42, "v1");
            assertThat(redis.server().command("EXISTS", "beryl:products:42")).isEqualTo("0");
            assertThat(catalogue.product(42)).isEqualTo("product-42 v1");
            assertThat(catalogue.loads("product")).isEqualTo(2);
        });
    }

    @Test
    void putThrough_keepsTheTagsOfTheEntryItReplaces() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            CatalogueAdmin admin = context.getBean(CatalogueAdmin.class);
            catalogue.product(42);
            // As when the cached entry's ttl has run out on the tag's side: only its own list of tags still knows.
            redis.server().command("PEXPIRE", "beryl::tag:product:42", "1");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> "0".equals(redis.server().command("EXISTS", "beryl::tag:product:42")));
            admin.save(42, "v1");
            assertThat(redis.server().command("GET", "beryl:products:42")).isEqualTo("\"product-42 v1\"");
            catalogue.version(42, "v2");
            admin.delete(42);
            assertThat(redis.server().command("EXISTS", "beryl:products:42")).isEqualTo("0");
            assertThat(catalogue.product(42)).isEqualTo("product-42 v2");
        });
    }

    @Test
    void oneTag_removesTheEntryFromEveryCache_inRedis() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            catalogue.product(5);
            catalogue.category("socks");
            catalogue.category("shoes");
            assertThat(redis.server().command("ZCARD", "beryl::tag:product:5")).isEqualTo("2");
            context.getBean(CatalogueAdmin.class).delete(5);
            assertThat(redis.server().command("EXISTS", "beryl:products:5")).isEqualTo("0");
            assertThat(redis.server().command("EXISTS", "beryl:Catalogue.category:\"socks\"")).isEqualTo("0");
            assertThat(redis.server().command("EXISTS", "beryl:Catalogue.category:\"shoes\"")).isEqualTo("1");
        });
    }

    @Test
    void invalidationInOneInstance_isSeenByTheNextReadInAnother() {
        this.contextRunner.run((first) -> this.contextRunner.run((second) -> {
            Catalogue one = first.getBean(Catalogue.class);
            Catalogue two = second.getBean(Catalogue.class);
            assertThat(one.product(7)).isEqualTo("product-7 v0");
            assertThat(two.product(7)).as("the second instance reads what the first stored").isEqualTo("product-7 v0");
            assertThat(two.loads("product")).isZero();
            two.version(7, "v1");
            first.getBean(CatalogueAdmin.class).delete(7);
            assertThat(two.product(7)).isEqualTo("product-7 v1");
            assertThat(two.loads("product")).isEqualTo(1);
        }));
    }
}
