package dev.beryl.cache.spring;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.annotation.CacheInvalidate;
import dev.beryl.cache.annotation.CachePut;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Methods whose key is one integral number, which the in-memory backend holds as a number rather than as text:
 * every other way of naming the same key (another integral type, the programmatic API, an invalidation or a put
 * with a key expression, the text itself) reaches the same entry.
 */
class NumberKeysTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withBean(Items.class);

    @Test
    void aHitByNumber_findsWhatEveryOtherWayOfNamingTheKeyStoredOrRemoved() {
        this.contextRunner.run((context) -> {
            Items items = context.getBean(Items.class);
            CacheOperations caches = context.getBean(CacheOperations.class);
            long[] ids = { 0, 7, -7, Long.MIN_VALUE, Long.MAX_VALUE };
            for (int i = 0; i < ids.length; i++) {
                String loaded = "item-" + ids[i] + "#" + (i + 1);
                assertThat(items.item(ids[i])).isEqualTo(loaded);
                assertThat(items.item(ids[i])).as("a hit").isEqualTo(loaded);
                assertThat(caches.find("items", ids[i], String.class)).isEqualTo(loaded);
            }
            assertThat(items.loads()).isEqualTo(5);

            items.drop(7);
            assertThat(items.item(7)).as("invalidated through an int").isEqualTo("item-7#6");
            caches.invalidate("items", (short) 7);
            assertThat(items.item(7)).as("invalidated through the API with a short").isEqualTo("item-7#7");
            caches.put("items", 7, "from code");
            assertThat(items.item(7)).isEqualTo("from code");
            items.replace(-7L, "put through");
            assertThat(items.item(-7)).isEqualTo("put through");
            items.clearAll();
            assertThat(items.item(Long.MIN_VALUE)).as("cleared").isEqualTo("item-" + Long.MIN_VALUE + "#8");

            InMemoryCacheBackend memory = context.getBean(InMemoryCacheBackend.class);
            String text = "beryl:items:" + Long.MIN_VALUE;
            assertThat(memory.getSync(text, String.class).value()).isEqualTo("item-" + Long.MIN_VALUE + "#8");
            memory.deleteSync(text);
            assertThat(items.item(Long.MIN_VALUE)).as("deleted by its text").isEqualTo("item-" + Long.MIN_VALUE + "#9");
        });
    }

    /** An asynchronous method keyed by one number: its hit is found by number, and meets the entry's text. */
    @Test
    void anAsynchronousMethodsHitByNumber_meetsTheEntryOfItsText() {
        this.contextRunner.run((context) -> {
            Items items = context.getBean(Items.class);
            CacheOperations caches = context.getBean(CacheOperations.class);
            assertThat(items.later(5).get(1, TimeUnit.SECONDS)).isEqualTo("later-5#1");
            assertThat(items.later(5).get(1, TimeUnit.SECONDS)).as("a hit").isEqualTo("later-5#1");
            assertThat(items.loads()).isEqualTo(1);
            assertThat(caches.find("later", 5L, String.class)).isEqualTo("later-5#1");

            caches.put("later", 6, "from code");
            assertThat(items.later(6).get(1, TimeUnit.SECONDS)).isEqualTo("from code");
            context.getBean(InMemoryCacheBackend.class).deleteSync("beryl:later:5");
            assertThat(items.later(5).get(1, TimeUnit.SECONDS)).as("deleted by its text").isEqualTo("later-5#2");
            assertThat(items.loads()).isEqualTo(2);
        });
    }

    @Test
    void numbersAndTheirTextInQuotes_stayApart() {
        this.contextRunner.run((context) -> {
            Items items = context.getBean(Items.class);
            assertThat(items.item(42)).isEqualTo("item-42#1");
            assertThat(items.named("42")).isEqualTo("named-42#2");
            assertThat(items.loads()).isEqualTo(2);
            assertThat(items.item(42)).isEqualTo("item-42#1");
            assertThat(items.named("42")).isEqualTo("named-42#2");
            assertThat(items.loads()).isEqualTo(2);
        });
    }

    public static class Items {

        private final AtomicInteger loads = new AtomicInteger();

        public int loads() {
            return this.loads.get();
        }

        @Cached(name = "items")
        public String item(long id) {
            return "item-" + id + "#" + this.loads.incrementAndGet();
        }

        @Cached(name = "later")
        public CompletableFuture<String> later(long id) {
            return CompletableFuture.completedFuture("later-" + id + "#" + this.loads.incrementAndGet());
        }

        @Cached(name = "items", key = "#name")
        public String named(String name) {
            return "named-" + name + "#" + this.loads.incrementAndGet();
        }

        @CacheInvalidate(name = "items", key = "#id")
        public void drop(int id) {
        }

        @CachePut(name = "items", key = "#id")
        public String replace(Long id, String value) {
            return value;
        }

        @CacheInvalidate(name = "items", allEntries = true)
        public void clearAll() {
        }
    }
}
