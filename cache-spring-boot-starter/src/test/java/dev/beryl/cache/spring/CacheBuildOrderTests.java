package dev.beryl.cache.spring;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.annotation.CacheInvalidate;
import dev.beryl.cache.annotation.CachePut;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Puts and invalidations address the cache that {@code @Cached} methods fill, whatever the order in which the
 * beans are defined, and even when they are called while the context still starts.
 */
class CacheBuildOrderTests {

    private final RecordingBackend recording = new RecordingBackend();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withBean("recording", CacheBackend.class, () -> this.recording);

    @Test
    void putBeanDefinedBeforeTheCachedBean_takesTheCachedTtlAndBackend() {
        this.contextRunner.withBean(PriceWriter.class).withBean(PriceReader.class).run((context) -> {
            assertThat(context).hasNotFailed();
            context.getBean(PriceWriter.class).save(7);
            assertThat(this.recording.writes).containsExactly("beryl:prices:7 for PT5M");
            assertThat(context.getBean(PriceReader.class).price(7)).isEqualTo("saved-7");
            assertThat(context.getBean(InMemoryCacheBackend.class).estimatedSize()).isZero();
        });
    }

    @Test
    void putCalledWhileTheContextStarts_beforeTheCachedBeanExists_takesTheCachedTtlAndBackend() {
        this.contextRunner.withBean(PriceWriter.class).withBean(PriceAdmin.class).withBean(WarmUp.class)
                .withBean(PriceReader.class).run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(this.recording.writes).containsExactly("beryl:prices:1 for PT5M");
                    assertThat(this.recording.deletes).containsExactly("beryl:prices:2");
                    assertThat(context.getBean(InMemoryCacheBackend.class).estimatedSize()).isZero();
                });
    }

    @Test
    void invalidationBeanDefinedBeforeTheCachedBean_removesFromTheCachedBackend() {
        this.contextRunner.withBean(PriceAdmin.class).withBean(PriceReader.class).run((context) -> {
            PriceReader reader = context.getBean(PriceReader.class);
            assertThat(reader.price(3)).isEqualTo("read-3");
            context.getBean(PriceAdmin.class).forget(3);
            assertThat(this.recording.deletes).containsExactly("beryl:prices:3");
            assertThat(this.recording.entries).isEmpty();
        });
    }

    public static class PriceWriter {

        @CachePut(name = "prices", key = "#id")
        public String save(long id) {
            return "saved-" + id;
        }
    }

    public static class PriceAdmin {

        @CacheInvalidate(name = "prices", key = "#id")
        public void forget(long id) {
        }
    }

    public static class PriceReader {

        @Cached(name = "prices", key = "#id", ttl = "5m", backend = "recording")
        public String price(long id) {
            return "read-" + id;
        }
    }

    /** Writes and forgets prices while the context starts, before {@link PriceReader} is created. */
    public static class WarmUp {

        public WarmUp(PriceWriter writer, PriceAdmin admin) {
            writer.save(1);
            admin.forget(2);
        }
    }

    /** A backend without expiry that records what it was told to store and delete. */
    static final class RecordingBackend implements CacheBackend {

        final Map<String, Object> entries = new ConcurrentHashMap<>();

        final List<String> writes = new CopyOnWriteArrayList<>();

        final List<String> deletes = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<CacheLookup> get(String key, Type valueType) {
            return CompletableFuture.completedFuture(
                    this.entries.containsKey(key) ? CacheLookup.hit(this.entries.get(key)) : CacheLookup.miss());
        }

        @Override
        public CompletableFuture<Void> set(String key, Object value, Duration ttl) {
            this.entries.put(key, value);
            this.writes.add(key + " for " + ttl);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> delete(String key) {
            this.entries.remove(key);
            this.deletes.add(key);
            return CompletableFuture.completedFuture(null);
        }
    }
}
