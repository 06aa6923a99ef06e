package dev.beryl.cache.spring;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.key.CacheKeyGenerator;
import dev.beryl.cache.key.KeyParts;
import dev.beryl.cache.spring.CachedInterceptionTests.MapBackend;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys made from what a client sends: bounded, printable, and without credentials. */
class HostileKeysTests {

    private static final String DIGESTED = "~[0-9a-f]{32}";

    private final MapBackend backend = new MapBackend();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withBean("audit", dev.beryl.cache.CacheBackend.class, () -> this.backend)
            .withPropertyValues("beryl.cache.default-backend=audit")
            .withBean(Search.class);

    @Test
    void hugeArgument_makesAKeyOfAtMost512Bytes_thatStillHits() {
        this.contextRunner.run((context) -> {
            Search search = context.getBean(Search.class);
            String huge = "q".repeat(1 << 20);
            search.find(huge);
            search.find(huge);
            search.find(huge + "!");
            assertThat(search.calls()).isEqualTo(2);
            assertThat(this.backend.entries).hasSize(2);
            assertThat(this.backend.entries.keySet()).allSatisfy((key) -> {
                assertThat(key).matches("beryl:Search.find:" + DIGESTED);
                assertThat(key.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
            });
        });
    }

    @Test
    void lineBreakInArgument_neverReachesAKey() {
        this.contextRunner.run((context) -> {
            Search search = context.getBean(Search.class);
            search.find("shoes\r\nWARN forged line");
            search.find("shoes");
            assertThat(this.backend.entries).containsOnlyKeys("beryl:Search.find:\"shoes\"",
                    KeyParts.fullKey("beryl:Search.find", "\"shoes\r\nWARN forged line\""));
            assertThat(this.backend.entries.keySet()).noneMatch((key) -> key.contains("\n"))
                    .anyMatch((key) -> key.matches("beryl:Search.find:" + DIGESTED));
        });
    }

    @Test
    void keyGeneratorPart_tooLong_isDigested() {
        this.contextRunner.withBean(Generated.class)
                .withBean("tenantKeys", CacheKeyGenerator.class, () -> (target, method, args) -> "tenant-1:" + args[0])
                .run((context) -> {
            Generated search = context.getBean(Generated.class);
            search.generated("g".repeat(600));
            search.generated("short");
            assertThat(this.backend.entries).containsKey("beryl:generated:tenant-1:short")
                    .hasSize(2);
            assertThat(this.backend.entries.keySet()).anyMatch((key) -> key.matches("beryl:generated:" + DIGESTED));
        });
    }

    @Test
    void programmaticApi_longKey_isDigested_andFoundAgain() {
        this.contextRunner.run((context) -> {
            CacheOperations caches = context.getBean(CacheOperations.class);
            String key = "k".repeat(10_000);
            caches.put("notes", key, "v");
            assertThat(caches.find("notes", key, String.class)).isEqualTo("v");
            assertThat(this.backend.entries.keySet()).singleElement().asString().matches("beryl:notes:" + DIGESTED);
            caches.invalidate("notes", key);
            assertThat(this.backend.entries).isEmpty();
        });
    }

    static class Search {

        final AtomicInteger calls = new AtomicInteger();

        @Cached
        public String find(String query) {
            return "found " + this.calls.incrementAndGet();
        }

        int calls() {
            return this.calls.get();
        }
    }

    static class Generated {

        @Cached(name = "generated", keyGenerator = "tenantKeys")
        public String generated(String query) {
            return "generated";
        }
    }
}
