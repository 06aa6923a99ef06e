package dev.beryl.cache.spring.freshness;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.FakeTicker;
import dev.beryl.cache.annotation.CacheScope;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.annotation.SingleFlight;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static dev.beryl.cache.spring.StartupFailures.assertStartupFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** {@code staleWhileRevalidate}, {@code staleIfError}, {@code singleFlight} and ttl jitter through real proxies. */
class FreshnessTests {

    private final FakeTicker ticker = new FakeTicker();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withBean(InMemoryCacheBackend.class, () -> InMemoryCacheBackend.builder().ticker(this.ticker).build())
            .withBean(CacheEngine.class, () -> CacheEngine.builder().clock(this.ticker.clock()).build());

    @Test
    void staleWhileRevalidate_answersWithTheStaleValue_andRefreshesInTheBackground() {
        this.contextRunner.withBean(Prices.class).run((context) -> {
            Prices prices = context.getBean(Prices.class);
            assertThat(prices.price(1)).isEqualTo("price-1 v1");
            this.ticker.advance(Duration.ofSeconds(11));

            assertThat(prices.price(1)).isEqualTo("price-1 v1");
            await().atMost(Duration.ofSeconds(5)).until(() -> prices.loads() == 2);
            await().atMost(Duration.ofSeconds(5)).until(() -> prices.price(1).equals("price-1 v2"));
            assertThat(prices.loads()).isEqualTo(2);
        });
    }

    @Test
    void staleIfError_answersWithTheStaleValueWhileTheMethodThrows_untilItsWindowEnds() {
        this.contextRunner.withBean(Prices.class).run((context) -> {
            Prices prices = context.getBean(Prices.class);
            assertThat(prices.quote(1)).isEqualTo("quote-1 v1");
            prices.fail();
            this.ticker.advance(Duration.ofSeconds(11));

            assertThat(prices.quote(1)).isEqualTo("quote-1 v1");
            assertThat(prices.quote(1)).isEqualTo("quote-1 v1");
            this.ticker.advance(Duration.ofMinutes(5));
            assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> prices.quote(1))
                    .withMessage("upstream down");
        });
    }

    @Test
    void staleAnswers_areCountedAsStaleServed_andFailedRefreshesToo() {
        this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withBean(Prices.class)
                .run((context) -> {
                    Prices prices = context.getBean(Prices.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    prices.quote(1);
                    prices.price(1);
                    prices.fail();
                    this.ticker.advance(Duration.ofSeconds(11));
                    prices.quote(1);
                    prices.quote(1);
                    prices.price(1);

                    assertThat(registry.get("beryl.cache.stale.served").tag("cache", "quotes").functionCounter()
                            .count()).isEqualTo(2);
                    assertThat(registry.get("beryl.cache.stale.served").tag("cache", "prices").functionCounter()
                            .count()).isEqualTo(1);
                    await().atMost(Duration.ofSeconds(5)).until(() -> registry.get("beryl.cache.refresh.failures")
                            .tag("cache", "prices").functionCounter().count() == 1);
                    assertThat(prices.price(1)).isEqualTo("price-1 v2");
                });
    }

    @Test
    void globalSingleFlight_onTheMemoryBackend_loadsOncePerKeyAsLocalDoes() {
        this.contextRunner.withBean(Prices.class).run((context) -> {
            Prices prices = context.getBean(Prices.class);
            assertThat(prices.fleet(7)).isEqualTo("fleet-7 v1");
            assertThat(prices.fleet(7)).isEqualTo("fleet-7 v1");
            assertThat(prices.loads()).isEqualTo(1);
        });
    }

    @Test
    void badStaleWindows_stopTheApplication() {
        this.contextRunner.withBean(NotADuration.class).run((context) -> assertStartupFailure(context,
                "@Cached on NotADuration.price(long): staleWhileRevalidate 'soon' is not a duration (use e.g. 60s, "
                        + "5m, 500ms or PT1M)", "Set staleWhileRevalidate to a duration such as \"30s\"."));
        this.contextRunner.withBean(NegativeWindow.class).run((context) -> assertStartupFailure(context,
                "@Cached on NegativeWindow.price(long): staleIfError '-5s' must not be negative",
                "Set staleIfError to a duration such as \"30s\", or remove it for none."));
    }

    @Test
    void staleWindows_onAMethodThatReturnsAFuture_serveTheStaleValueToo() {
        this.contextRunner.withBean(AsyncStale.class).run((context) -> {
            AsyncStale prices = context.getBean(AsyncStale.class);
            assertThat(prices.price(1).get(5, TimeUnit.SECONDS)).isEqualTo("async-1 v1");
            this.ticker.advance(Duration.ofSeconds(11));
            assertThat(prices.price(1).get(5, TimeUnit.SECONDS)).isEqualTo("async-1 v1");
            await().atMost(Duration.ofSeconds(5)).until(() -> prices.price(1).get().equals("async-1 v2"));

            assertThat(prices.quote(1).get(5, TimeUnit.SECONDS)).isEqualTo("quote-1 v3");
            prices.fail();
            this.ticker.advance(Duration.ofSeconds(11));
            assertThat(prices.quote(1).get(5, TimeUnit.SECONDS)).isEqualTo("quote-1 v3");
            this.ticker.advance(Duration.ofMinutes(5));
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> prices.quote(1).get(5, TimeUnit.SECONDS))
                    .withCauseInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void staleWhileRevalidate_perUser_orOnAMethodThatTakesTheRequest_stopsTheApplication() {
        this.contextRunner.withBean(PerUser.class).run((context) -> assertStartupFailure(context,
                "@Cached on PerUser.price(long): staleWhileRevalidate refreshes entries in the background, without "
                        + "the caller's security context, so it cannot refresh an entry kept per user (scope "
                        + "PRINCIPAL)", "Remove staleWhileRevalidate, or use staleIfError, which runs the method in "
                        + "the caller's thread."));
        this.contextRunner.withBean(TakesTheRequest.class).run((context) -> assertStartupFailure(context,
                "@Cached on TakesTheRequest.price(long, HttpServletRequest): staleWhileRevalidate refreshes entries "
                        + "in the background, after the call has returned, but HttpServletRequest (a "
                        + "jakarta.servlet.ServletRequest) stands for a request, a response or a stream, not a value",
                "Remove staleWhileRevalidate, or pass the method only the values it needs."));
    }

    @Test
    void ttlJitterOutsideZeroToHalf_stopsTheApplication() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withPropertyValues("beryl.cache.ttl-jitter=0.7")
                .run((context) -> assertStartupFailure(context, "beryl.cache.ttl-jitter must be from 0 to 0.5, was 0.7",
                        "Set beryl.cache.ttl-jitter to a fraction such as 0.1, or 0 for none."));
    }

    static class Prices {

        final AtomicInteger loads = new AtomicInteger();

        final AtomicBoolean failing = new AtomicBoolean();

        public int loads() {
            return this.loads.get();
        }

        public void fail() {
            this.failing.set(true);
        }

        @Cached(name = "prices", ttl = "10s", staleWhileRevalidate = "30s")
        public String price(long id) {
            if (this.failing.get()) {
                throw new IllegalStateException("upstream down");
            }
            return "price-" + id + " v" + this.loads.incrementAndGet();
        }

        @Cached(name = "quotes", ttl = "10s", staleIfError = "5m")
        public String quote(long id) {
            if (this.failing.get()) {
                throw new IllegalStateException("upstream down");
            }
            return "quote-" + id + " v" + this.loads.incrementAndGet();
        }

        @Cached(name = "fleet", singleFlight = SingleFlight.GLOBAL)
        public String fleet(long id) {
            return "fleet-" + id + " v" + this.loads.incrementAndGet();
        }
    }

    static class NotADuration {

        @Cached(staleWhileRevalidate = "soon")
        public String price(long id) {
            return "p";
        }
    }

    static class NegativeWindow {

        @Cached(staleIfError = "-5s")
        public String price(long id) {
            return "p";
        }
    }

    static class AsyncStale {

        private final AtomicInteger loads = new AtomicInteger();

        private final AtomicBoolean failing = new AtomicBoolean();

        public void fail() {
            this.failing.set(true);
        }

        @Cached(name = "async-prices", ttl = "10s", staleWhileRevalidate = "30s")
        public CompletableFuture<String> price(long id) {
            return CompletableFuture.supplyAsync(() -> "async-" + id + " v" + this.loads.incrementAndGet());
        }

        @Cached(name = "async-quotes", ttl = "10s", staleIfError = "5m")
        public CompletableFuture<String> quote(long id) {
            if (this.failing.get()) {
                return CompletableFuture.failedFuture(new IllegalStateException("upstream down"));
            }
            return CompletableFuture.completedFuture("quote-" + id + " v" + this.loads.incrementAndGet());
        }
    }

    static class PerUser {

        @Cached(staleWhileRevalidate = "30s", scope = CacheScope.PRINCIPAL)
        public String price(long id) {
            return "p";
        }
    }

    static class TakesTheRequest {

        @Cached(staleWhileRevalidate = "30s", key = "#id")
        public String price(long id, HttpServletRequest request) {
            return "p";
        }
    }
}
