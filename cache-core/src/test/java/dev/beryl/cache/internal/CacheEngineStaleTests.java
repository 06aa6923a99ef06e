package dev.beryl.cache.internal;

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
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.FakeTicker;
import dev.beryl.cache.memory.InMemoryCacheBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Stale serving and ttl jitter on the in-memory backend, with time moved by hand. */
class CacheEngineStaleTests {

    private static final String KEY = "beryl:prices:1";

    private final FakeTicker ticker = new FakeTicker();

    private final InMemoryCacheBackend memory = InMemoryCacheBackend.builder().ticker(this.ticker).build();

    private final CacheEngine engine = CacheEngine.builder().clock(this.ticker.clock()).build();

    private final AtomicInteger loads = new AtomicInteger();

    private final ExecutorService callers = Executors.newFixedThreadPool(50);

    @AfterEach
    void stop() {
        this.callers.shutdownNow();
        this.engine.close();
    }

    @Test
    void withinStaleWhileRevalidate_fiftyCallersGetTheStaleValueAtOnce_andOneRefreshRuns() throws Throwable {
        CacheDefinition prices = cache(Duration.ofSeconds(30), Duration.ZERO);
        assertThat(this.engine.getOrLoad(prices, KEY, () -> "v" + this.loads.incrementAndGet())).isEqualTo("v1");
        this.ticker.advance(Duration.ofSeconds(11));

        CountDownLatch refreshing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(this.callers.submit(() -> {
                start.await();
                try {
                    return this.engine.getOrLoad(prices, KEY, () -> {
                        refreshing.countDown();
                        release.await();
                        return "v" + this.loads.incrementAndGet();
                    });
                }
                catch (Throwable ex) {
                    throw new AssertionError(ex);
                }
            }));
        }
        start.countDown();
        // Every caller answers while the refresh is still held up: none waits for it.
        for (Future<Object> answer : answers) {
            assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("v1");
        }
        assertThat(refreshing.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(prices.counters().staleServed()).isEqualTo(50);
        release.countDown();

        assertThat(eventuallyFresh(prices)).isEqualTo("v2");
        assertThat(this.loads).hasValue(2);
        assertThat(this.engine.getOrLoad(prices, KEY, () -> "never")).isEqualTo("v2");
    }

    @Test
    void aRefreshThatFails_keepsTheStaleValue() throws Throwable {
        CacheDefinition prices = cache(Duration.ofSeconds(30), Duration.ZERO);
        this.engine.getOrLoad(prices, KEY, () -> "v1");
        this.ticker.advance(Duration.ofSeconds(11));

        assertThat(this.engine.getOrLoad(prices, KEY, () -> {
            throw new IllegalStateException("upstream down");
        })).isEqualTo("v1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (prices.counters().refreshFailures() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(prices.counters().refreshFailures()).isEqualTo(1);
        assertThat(this.memory.getSync(KEY, Object.class).value()).isInstanceOf(StaleableEntry.class)
                .extracting("value").isEqualTo("v1");
    }

    @Test
    void pastStaleWhileRevalidate_theCallLoads() throws Throwable {
        CacheDefinition prices = cache(Duration.ofSeconds(30), Duration.ZERO);
        this.engine.getOrLoad(prices, KEY, () -> "v1");
        this.ticker.advance(Duration.ofSeconds(41));

        assertThat(this.engine.getOrLoad(prices, KEY, () -> "v2")).isEqualTo("v2");
        assertThat(prices.counters().staleServed()).isZero();
    }

    @Test
    void withinStaleIfError_aFailingMethodGetsTheStaleValue_andAfterTheWindowItsException() throws Throwable {
        CacheDefinition prices = cache(Duration.ZERO, Duration.ofMinutes(5));
        this.engine.getOrLoad(prices, KEY, () -> "v1");
        this.ticker.advance(Duration.ofSeconds(11));

        assertThat(this.engine.getOrLoad(prices, KEY, () -> {
            throw new IllegalStateException("upstream down");
        })).isEqualTo("v1");
        assertThat(prices.counters().staleServed()).isEqualTo(1);

        this.ticker.advance(Duration.ofMinutes(5));
        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.engine.getOrLoad(prices, KEY,
                () -> {
                    throw new IllegalStateException("upstream down");
                })).withMessage("upstream down");
    }

    @Test
    void withinStaleIfError_aMethodThatAnswersReplacesTheEntry() throws Throwable {
        CacheDefinition prices = cache(Duration.ZERO, Duration.ofMinutes(5));
        this.engine.getOrLoad(prices, KEY, () -> "v1");
        this.ticker.advance(Duration.ofSeconds(11));

        assertThat(this.engine.getOrLoad(prices, KEY, () -> "v2")).isEqualTo("v2");
        assertThat(this.engine.getOrLoad(prices, KEY, () -> "v3")).isEqualTo("v2");
        assertThat(prices.counters().staleServed()).isZero();
    }

    @Test
    void entriesWithStaleWindows_liveForTheTtlPlusTheLongestWindow() throws Throwable {
        CacheDefinition prices = cache(Duration.ofSeconds(30), Duration.ofMinutes(5));
        this.engine.getOrLoad(prices, KEY, () -> "v1");

        assertThat(this.memory.remainingTtl(KEY)).contains(Duration.ofSeconds(10 + 300));
        assertThat(this.engine.lookup(prices, KEY)).isEqualTo(CacheLookup.hit("v1"));
        this.ticker.advance(Duration.ofSeconds(11));
        // Callers that look a key up see a stale entry as a miss; only cached calls serve it.
        assertThat(this.engine.lookup(prices, KEY)).isEqualTo(CacheLookup.miss());
    }

    @Test
    void aStaleEntryInvalidatedDuringItsRefresh_isNotStoredByTheRefresh() throws Throwable {
        CacheDefinition prices = cache(Duration.ofSeconds(30), Duration.ZERO);
        this.engine.getOrLoad(prices, KEY, () -> "v1");
        this.ticker.advance(Duration.ofSeconds(11));
        CountDownLatch refreshing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger stored = new AtomicInteger();

        assertThat(this.engine.getOrLoad(prices, KEY, () -> {
            refreshing.countDown();
            release.await();
            stored.incrementAndGet();
            return "old";
        })).isEqualTo("v1");
        assertThat(refreshing.await(5, TimeUnit.SECONDS)).isTrue();
        this.engine.invalidate(prices, KEY);
        release.countDown();
        assertThat(this.engine.awaitRefreshes(Duration.ofSeconds(5))).isTrue();
        assertThat(stored).hasValue(1);
        assertThat(this.memory.getSync(KEY, Object.class)).isEqualTo(CacheLookup.miss());
    }

    @Test
    void ttlJitter_shortensEachEntryByUpToItsFraction() throws Throwable {
        CacheEngine jittering = CacheEngine.builder().ttlJitter(0.2).build();
        CacheDefinition items = new CacheDefinition("items", "beryl:items", "memory", this.memory,
                Duration.ofSeconds(100), String.class, false);
        Set<Duration> ttls = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            jittering.getOrLoad(items, "beryl:items:" + i, () -> "v");
            Duration left = this.memory.remainingTtl("beryl:items:" + i).orElseThrow();
            assertThat(left).isBetween(Duration.ofSeconds(80), Duration.ofSeconds(100));
            ttls.add(left);
        }
        assertThat(ttls).hasSizeGreaterThan(100);
        jittering.close();
    }

    @Test
    void jitterOutsideZeroToHalf_isRefused() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> CacheEngine.builder().ttlJitter(0.6)).withMessageContaining("0 to 0.5");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> CacheEngine.builder().ttlJitter(-0.1)).withMessageContaining("0 to 0.5");
    }

    private Object eventuallyFresh(CacheDefinition prices) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        CacheLookup found = this.engine.lookup(prices, KEY);
        while (!found.isHit() || "v1".equals(found.value())) {
            if (System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(5);
            found = this.engine.lookup(prices, KEY);
        }
        return found.value();
    }

    private CacheDefinition cache(Duration staleWhileRevalidate, Duration staleIfError) {
        return new CacheDefinition("prices", "beryl:prices", "memory", this.memory, Duration.ofSeconds(10),
                String.class, false, new CacheCounters(),
                new EntryPolicy(staleWhileRevalidate, staleIfError, false));
    }
}
