package dev.beryl.cache.spring.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;
import dev.beryl.cache.spring.autoconfigure.BerylSpringCacheManagerAutoConfiguration;
import dev.beryl.cache.spring.bridge.LegacyCatalogue.Item;
import dev.beryl.cache.spring.internal.BerylCacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring's {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} on Beryl's backends, through the bridge. */
abstract class SpringCacheBridgeContract {

    final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class,
                    BerylSpringCacheManagerAutoConfiguration.class))
            .withUserConfiguration(CachingOn.class)
            .withBean(LegacyCatalogue.class)
            .withPropertyValues("beryl.cache.spring-cache-manager.enabled=true", "beryl.cache.caches.slow.ttl=5m")
            .withPropertyValues(backend());

    abstract String[] backend();

    /** What the backend holds under a key, as text, or {@code null}. */
    abstract String stored(String key) throws Exception;

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class CachingOn {
    }

    @Test
    void cacheable_storesUnderBerylsKey_andAnswersFromIt() {
        this.contextRunner.run((context) -> {
            assertThat(context.getBean(CacheManager.class)).isInstanceOf(BerylCacheManager.class);
            LegacyCatalogue catalogue = context.getBean(LegacyCatalogue.class);
            Item first = catalogue.legacy(5);
            assertThat(catalogue.legacy(5)).isEqualTo(first).isInstanceOf(Item.class);
            assertThat(catalogue.calls()).isEqualTo(1);
            assertThat(stored("beryl:legacy:5")).contains("item 5 #1");
        });
    }

    @Test
    void cachePut_replaces_andCacheEvict_removes() {
        this.contextRunner.run((context) -> {
            LegacyCatalogue catalogue = context.getBean(LegacyCatalogue.class);
            catalogue.legacy(6);
            catalogue.save(new Item(6, "renamed"));
            assertThat(catalogue.legacy(6)).isEqualTo(new Item(6, "renamed"));
            catalogue.remove(6);
            assertThat(catalogue.legacy(6).name()).isEqualTo("item 6 #2");
            catalogue.legacy(7);
            catalogue.removeAll();
            assertThat(stored("beryl:legacy:7")).isNull();
        });
    }

    @Test
    void aNullResult_isCached_asSpringsCachesDo() {
        this.contextRunner.run((context) -> {
            LegacyCatalogue catalogue = context.getBean(LegacyCatalogue.class);
            assertThat(catalogue.orNothing(8, true)).isNull();
            assertThat(catalogue.orNothing(8, false)).isNull();
            assertThat(catalogue.calls()).isEqualTo(1);
        });
    }

    @Test
    void syncTrue_concurrentColdCalls_runTheMethodOnce() {
        this.contextRunner.run((context) -> {
            LegacyCatalogue catalogue = context.getBean(LegacyCatalogue.class);
            CountDownLatch gate = new CountDownLatch(1);
            catalogue.hold(gate);
            ExecutorService pool = Executors.newFixedThreadPool(20);
            try {
                List<Future<Item>> results = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    results.add(pool.submit(() -> catalogue.slow(9)));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (catalogue.calls() == 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                gate.countDown();
                for (Future<Item> result : results) {
                    assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(new Item(9, "slow"));
                }
            }
            finally {
                pool.shutdownNow();
            }
            assertThat(catalogue.calls()).isEqualTo(1);
        });
    }

    @Test
    void aCacheManagerOfTheApplication_wins() {
        this.contextRunner.withBean("cacheManager", CacheManager.class,
                org.springframework.cache.concurrent.ConcurrentMapCacheManager::new).run((context) -> {
                    assertThat(context.getBean(CacheManager.class))
                            .isInstanceOf(org.springframework.cache.concurrent.ConcurrentMapCacheManager.class);
                });
    }
}
