package dev.beryl.cache.spring;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code beryl.cache.timeout} through the annotations: a backend of one's own that never answers holds no call. */
class CustomBackendTimeoutTests {

    private final ExecutorService caller = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        this.caller.shutdownNow();
    }

    @Test
    void backendThatAnswersAfterTheTimeout_isNotWaitedFor_theMethodAnswers() {
        // The backend has the price, but gives it only after 500 ms: with a timeout of 100 ms the method answers each
        // call; were the property ignored (1 s by default), every call would be a hit and the method never run.
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withBean("late", CacheBackend.class, LateBackend::new).withBean(Prices.class)
                .withPropertyValues("beryl.cache.default-backend=late", "beryl.cache.timeout=100ms")
                .run((context) -> {
                    Prices prices = context.getBean(Prices.class);
                    for (int i = 0; i < 3; i++) {
                        assertThat(this.caller.submit(() -> prices.price(7)).get(20, TimeUnit.SECONDS)).isEqualTo(700L);
                    }
                    assertThat(prices.calls()).isEqualTo(3);
                });
    }

    @Test
    void backendThatNeverAnswers_holdsNoCall_andTheMethodAnswers() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withBean("silent", CacheBackend.class, SilentBackend::new).withBean(Prices.class)
                .withPropertyValues("beryl.cache.default-backend=silent", "beryl.cache.timeout=100ms")
                .run((context) -> {
                    Prices prices = context.getBean(Prices.class);
                    for (int i = 0; i < 3; i++) {
                        assertThat(this.caller.submit(() -> prices.price(7)).get(20, TimeUnit.SECONDS)).isEqualTo(700L);
                    }
                    assertThat(prices.calls()).isEqualTo(3);
                });
    }

    static class Prices {

        final AtomicInteger calls = new AtomicInteger();

        @Cached
        public long price(long id) {
            this.calls.incrementAndGet();
            return id * 100;
        }

        int calls() {
            return this.calls.get();
        }
    }

    /** Has every price, but answers a lookup only after 500 ms. */
    static class LateBackend extends SilentBackend {

        @Override
        public CompletableFuture<CacheLookup> get(String key, Type valueType) {
            return CompletableFuture.supplyAsync(() -> CacheLookup.hit(700L),
                    CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));
        }
    }

    /** Every future it returns stays incomplete, as a backend's whose server hangs. */
    static class SilentBackend implements CacheBackend {

        @Override
        public CompletableFuture<CacheLookup> get(String key, Type valueType) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Void> set(String key, Object value, Duration ttl) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Void> delete(String key) {
            return new CompletableFuture<>();
        }
    }
}
