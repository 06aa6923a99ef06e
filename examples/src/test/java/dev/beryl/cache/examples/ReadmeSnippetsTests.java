package dev.beryl.cache.examples;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.beryl.cache.CacheEvent;
import dev.beryl.cache.CacheEventListener;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.key.CacheKeyGenerator;
import dev.beryl.cache.key.KeyParts;
import dev.beryl.cache.spring.CacheOperations;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's snippets for key generators, the programmatic API and listeners, compiled and run. */
class ReadmeSnippetsTests {

    private static final Logger log = LoggerFactory.getLogger(ReadmeSnippetsTests.class);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class));

    @Test
    void keyGeneratorSnippet() {
        this.contextRunner.withUserConfiguration(KeyGeneratorConfiguration.class).run((context) -> {
            Tenanted tenanted = context.getBean(Tenanted.class);
            tenanted.greeting("ada");
            assertThat(context.getBean(dev.beryl.cache.memory.InMemoryCacheBackend.class)
                    .getSync("beryl:greetings:acme:\"ada\"", String.class)).isEqualTo(CacheLookup.hit("hello ada"));
        });
    }

    @Test
    void programmaticApiSnippet() {
        this.contextRunner.run((context) -> {
            CacheOperations caches = context.getBean(CacheOperations.class);
            long id = 42;
            Product product = caches.getOrLoad("products", id, Product.class, Duration.ofMinutes(5),
                    () -> new Product(id, "Trail shoes", "shoes", 12_900));
            caches.put("products", id, product, null, "product:" + id);
            assertThat(caches.find("products", id, Product.class)).isEqualTo(product);
            caches.invalidate("products", id);
            caches.invalidateTag("product:" + id);
            caches.clear("products");
            CacheLookup lookup = caches.get("products", id, Product.class);
            assertThat(lookup.isHit()).isFalse();
        });
    }

    @Test
    void listenerSnippet() {
        List<CacheEvent> loads = new CopyOnWriteArrayList<>();
        this.contextRunner.withUserConfiguration(ListenerConfiguration.class)
                .withBean("recording", CacheEventListener.class, () -> loads::add).run((context) -> {
                    context.getBean(CacheOperations.class).getOrLoad("reports", "daily", String.class, null,
                            () -> "report");
                    assertThat(loads).extracting(CacheEvent::kind).contains(CacheEvent.Kind.LOAD);
                });
    }

    /** Stands for whatever tells the current tenant in an application. */
    public interface TenantContext {

        String current();
    }

    public static class Tenanted {

        @Cached(name = "greetings")
        public String greeting(String name) {
            return "hello " + name;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class KeyGeneratorConfiguration {

        @Bean
        TenantContext tenantContext() {
            return () -> "acme";
        }

        @Bean
        Tenanted tenanted() {
            return new Tenanted();
        }

        @Bean
        CacheKeyGenerator tenantKeys(TenantContext tenants) {
            return (target, method, args) -> tenants.current() + ":" + KeyParts.ofArguments(args);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {

        @Bean
        CacheEventListener slowLoads() {
            return (event) -> {
                if (event.kind() == CacheEvent.Kind.LOAD && event.duration().toMillis() > 500) {
                    log.warn("{} took {} ms to load", event.key(), event.duration().toMillis());
                }
            };
        }
    }
}
