package dev.beryl.cache.spring.freshness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.FakeTicker;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.annotation.SingleFlight;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.redis.testsupport.RedisExtension;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Stale serving and ttl jitter on a real Redis. Freshness is judged on a clock the tests move (Redis keeps the
 * entries for their ttl plus the longest window, which no test reaches).
 */
class FreshnessOnRedisIntegrationTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    /** What the methods of every instance count and may be told to do. */
    static final AtomicInteger loads = new AtomicInteger();

    static final AtomicBoolean failing = new AtomicBoolean();

    static volatile CountDownLatch release = new CountDownLatch(0);

    private final FakeTicker ticker = new FakeTicker();

    private final ExecutorService callers = Executors.newFixedThreadPool(50);

    private ApplicationContextRunner instance() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withBean(Quotes.class)
                .withBean(CacheEngine.class, () -> CacheEngine.builder().clock(this.ticker.clock()).build())
                .withPropertyValues("beryl.cache.default-backend=redis", "beryl.cache.redis.url=" + redis.server().uri(),
                        "beryl.cache.redis.command-timeout=2s");
    }

    @BeforeEach
    void reset() {
        redis.server().command("FLUSHALL");
        loads.set(0);
        failing.set(false);
        release = new CountDownLatch(0);
    }

    @AfterEach
    void stop() {
        release.countDown();
        this.callers.shutdownNow();
    }

    @Test
    void staleWhileRevalidate_fiftyCallersOnTwoInstances_getTheStaleValueAtOnce_andOneRefreshRunsInTotal() {
        instance().run((first) -> instance().run((second) -> {
            assertThat(first.getBean(Quotes.class).revalidated(1)).isEqualTo("quote-1 v1");
            String stored = redis.server().command("GET", "beryl:revalidated:1");
            assertThat(stored).startsWith("{\"value\":\"quote-1 v1\",\"freshUntil\":");
            assertThat(Long.parseLong(redis.server().command("PTTL", "beryl:revalidated:1")))
                    .isBetween(30_000L, 40_000L);
            this.ticker.advance(Duration.ofSeconds(11));
            release = new CountDownLatch(1);

            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Quotes quotes = ((i % 2 == 0) ? first : second).getBean(Quotes.class);
                answers.add(this.callers.submit(() -> {
                    start.await();
                    return quotes.revalidated(1);
                }));
            }
            start.countDown();
            // The refresh is held up: every caller answers without it.
            for (Future<String> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("quote-1 v1");
            }
            release.countDown();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> first.getBean(Quotes.class).revalidated(1).equals("quote-1 v2"));
            assertThat(second.getBean(Quotes.class).revalidated(1)).isEqualTo("quote-1 v2");
            assertThat(loads).hasValue(2);
        }));
    }

    @Test
    void staleIfError_servesTheStaleValueWhileTheMethodThrows_andStopsAfterItsWindow() {
        instance().run((context) -> {
            Quotes quotes = context.getBean(Quotes.class);
            assertThat(quotes.resilient(1)).isEqualTo("quote-1 v1");
            failing.set(true);
            this.ticker.advance(Duration.ofSeconds(11));
            assertThat(quotes.resilient(1)).isEqualTo("quote-1 v1");
            assertThat(redis.server().command("GET", "beryl:resilient:1")).contains("\"value\":\"quote-1 v1\"");

            this.ticker.advance(Duration.ofMinutes(5));
            assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> quotes.resilient(1))
                    .withMessage("upstream down");
            failing.set(false);
            assertThat(quotes.resilient(1)).isEqualTo("quote-1 v2");
        });
    }

    @Test
    void ttlJitter_spreadsTheRemainingTtlsWithinTheirBounds() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withBean(Quotes.class)
                .withPropertyValues("beryl.cache.default-backend=redis", "beryl.cache.redis.url=" + redis.server().uri(),
                        "beryl.cache.ttl-jitter=0.3")
                .run((context) -> {
                    Quotes quotes = context.getBean(Quotes.class);
                    Set<Long> seconds = new HashSet<>();
                    for (int i = 0; i < 100; i++) {
                        quotes.plain(i);
                        long left = Long.parseLong(redis.server().command("PTTL", "beryl:plain:" + i));
                        assertThat(left).isBetween(69_000L, 100_000L);
                        seconds.add(left / 1000);
                    }
                    assertThat(seconds).hasSizeGreaterThan(10);
                    // Entries without stale windows are stored exactly as without them: the value's JSON alone.
                    assertThat(redis.server().command("GET", "beryl:plain:1")).isEqualTo("\"quote-1 v2\"");
                });
    }

    @Test
    void anEntryStoredWithStaleWindows_isAMissForAMethodThatHasNone_notAnEmptyValue() {
        ApplicationContextRunner deployed = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withPropertyValues("beryl.cache.default-backend=redis", "beryl.cache.redis.url=" + redis.server().uri());
        deployed.withBean(Quotes.class).run((before) -> {
            assertThat(before.getBean(Quotes.class).shaped(4).getText()).isEqualTo("quote-4 v1");
            assertThat(redis.server().command("GET", "beryl:shaped:4")).startsWith("{\"value\":{");
        });
        // The next deploy removed staleIfError; the entries of the old shape are still in Redis.
        deployed.withBean(PlainQuotes.class).run((after) -> {
            Quote read = after.getBean(PlainQuotes.class).shaped(4);
            assertThat(read.getId()).isEqualTo(4);
            assertThat(read.getText()).isEqualTo("quote-4 v2");
            assertThat(redis.server().command("GET", "beryl:shaped:4")).isEqualTo("{\"id\":4,\"text\":\"quote-4 v2\"}");
        });
    }

    @Test
    void methodsOfOneCache_withAndWithoutStaleWindows_stopTheApplication() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withBean(Quotes.class).withBean(PlainQuotes.class)
                .run((context) -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("cache 'shaped' is also used by")
                        .hasMessageContaining("keep stale windows (staleWhileRevalidate, staleIfError), so the two "
                                + "would store entries of different shapes"));
    }

    /** A mutable bean, which JSON of another shape would fill only in part. */
    public static class Quote {

        private long id;

        private String text;

        public long getId() {
            return this.id;
        }

        public void setId(long id) {
            this.id = id;
        }

        public String getText() {
            return this.text;
        }

        public void setText(String text) {
            this.text = text;
        }

        static Quote of(long id, String text) {
            Quote quote = new Quote();
            quote.setId(id);
            quote.setText(text);
            return quote;
        }
    }

    static class PlainQuotes {

        @Cached(name = "shaped", key = "#id", ttl = "1m")
        public Quote shaped(long id) {
            return Quote.of(id, "quote-" + id + " v" + loads.incrementAndGet());
        }
    }

    static class Quotes {

        @Cached(name = "shaped", key = "#id", ttl = "1m", staleIfError = "1m")
        public Quote shaped(long id) {
            return Quote.of(id, "quote-" + id + " v" + loads.incrementAndGet());
        }

        @Cached(name = "revalidated", ttl = "10s", staleWhileRevalidate = "30s", singleFlight = SingleFlight.GLOBAL)
        public String revalidated(long id) throws InterruptedException {
            int load = loads.incrementAndGet();
            release.await(20, TimeUnit.SECONDS);
            return "quote-" + id + " v" + load;
        }

        @Cached(name = "resilient", ttl = "10s", staleIfError = "5m")
        public String resilient(long id) {
            if (failing.get()) {
                throw new IllegalStateException("upstream down");
            }
            return "quote-" + id + " v" + loads.incrementAndGet();
        }

        @Cached(name = "plain", ttl = "100s")
        public String plain(long id) {
            return "quote-" + id + " v" + loads.incrementAndGet();
        }
    }
}
