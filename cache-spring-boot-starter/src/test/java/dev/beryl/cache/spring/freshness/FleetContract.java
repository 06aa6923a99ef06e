package dev.beryl.cache.spring.freshness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.annotation.SingleFlight;
import dev.beryl.cache.spring.CacheOperations;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application instances on one Redis: {@code GLOBAL} single flight loads a key once between them, fences the
 * holder's store against invalidations, and survives a holder that never finishes; {@code LOCAL} loads once per
 * instance.
 */
abstract class FleetContract {

    /** What the methods of both instances wait for and count; one test at a time uses it. */
    static final Gate gate = new Gate();

    private final ExecutorService callers = Executors.newFixedThreadPool(40);

    /** The properties that point Beryl at the Redis under test. */
    abstract String[] connection();

    ApplicationContextRunner instance() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withBean(FleetPrices.class)
                .withPropertyValues(connection())
                .withPropertyValues("beryl.cache.default-backend=redis", "beryl.cache.single-flight.lease=1s",
                        "beryl.cache.single-flight.max-wait=20s", "beryl.cache.redis.command-timeout=2s");
    }

    @BeforeEach
    void resetGate() {
        gate.reset();
    }

    @AfterEach
    void stopCallers() {
        gate.open();
        this.callers.shutdownNow();
    }

    @Test
    void global_fortyConcurrentColdCallsOnTwoInstances_loadOnceInTotal() {
        instance().run((first) -> instance().run((second) -> {
            List<Future<String>> answers = callConcurrently(first, second, 40, (prices) -> prices.global(1));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
            // Give every caller the time to miss and wait before the one load answers.
            Thread.sleep(300);
            gate.open();
            for (Future<String> answer : answers) {
                assertThat(answer.get(20, TimeUnit.SECONDS)).isEqualTo("global-1 v1");
            }
            assertThat(gate.loads).hasValue(1);
        }));
    }

    @Test
    void global_futuresOnTwoInstances_loadOnceInTotal_withoutHoldingAThreadPerWaiter() {
        instance().run((first) -> instance().run((second) -> {
            List<Future<String>> answers = callConcurrently(first, second, 40,
                    (prices) -> prices.globalAsync(5).get(20, TimeUnit.SECONDS));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300);
            gate.open();
            for (Future<String> answer : answers) {
                assertThat(answer.get(20, TimeUnit.SECONDS)).isEqualTo("async-5 v1");
            }
            assertThat(gate.loads).hasValue(1);
        }));
    }

    @Test
    void local_concurrentColdCallsOnTwoInstances_loadOncePerInstance() {
        instance().run((first) -> instance().run((second) -> {
            gate.bothInstances = new CountDownLatch(2);
            List<Future<String>> answers = callConcurrently(first, second, 40, (prices) -> prices.local(1));
            gate.open();
            for (Future<String> answer : answers) {
                assertThat(answer.get(20, TimeUnit.SECONDS)).startsWith("local-1 v");
            }
            assertThat(gate.loads).hasValue(2);
        }));
    }

    @Test
    void global_aHolderThatNeverFinishes_letsTheOtherInstanceLoadOnceItsLeaseExpires() {
        instance().run((first) -> instance().run((second) -> {
            Future<String> stuck = this.callers.submit(() -> first.getBean(FleetPrices.class).global(2));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
            gate.holdFirstOnly = true;
            // The first instance's load holds the lease and never ends; the second waits, then takes the lease
            // once it expires (1 s) and loads itself.
            String answer = second.getBean(FleetPrices.class).global(2);
            assertThat(answer).isEqualTo("global-2 v2");
            assertThat(second.getBean(FleetPrices.class).global(2)).isEqualTo("global-2 v2");
            gate.open();
            assertThat(stuck.get(10, TimeUnit.SECONDS)).isEqualTo("global-2 v1");
            // The first holder's lease was gone: its late value did not replace the second's.
            assertThat(first.getBean(FleetPrices.class).global(2)).isEqualTo("global-2 v2");
        }));
    }

    @Test
    void global_anInvalidationDuringTheLoad_keepsTheHolderFromStoring() {
        instance().run((first) -> instance().run((second) -> {
            Future<String> slow = this.callers.submit(() -> first.getBean(FleetPrices.class).global(3));
            assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
            // A write on the other instance invalidates the key while the first instance still loads the old value.
            second.getBean(CacheOperations.class).invalidate("fleet-global", 3L);
            gate.open();
            assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("global-3 v1");
            assertThat(second.getBean(CacheOperations.class).get("fleet-global", 3L, String.class).isHit())
                    .isFalse();
            assertThat(second.getBean(FleetPrices.class).global(3)).isEqualTo("global-3 v2");
        }));
    }

    private List<Future<String>> callConcurrently(AssertableApplicationContext first,
            AssertableApplicationContext second, int calls, PriceCall call) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            FleetPrices prices = ((i % 2 == 0) ? first : second).getBean(FleetPrices.class);
            answers.add(this.callers.submit(() -> {
                start.await();
                return call.price(prices);
            }));
        }
        start.countDown();
        return answers;
    }

    @FunctionalInterface
    interface PriceCall {

        String price(FleetPrices prices) throws Exception;
    }

    /** Holds loads until a test lets them go, and counts them across both instances. */
    static final class Gate {

        final AtomicInteger loads = new AtomicInteger();

        volatile CountDownLatch entered = new CountDownLatch(1);

        volatile CountDownLatch release = new CountDownLatch(1);

        volatile CountDownLatch bothInstances = new CountDownLatch(0);

        /** Whether only the first load is held, and later ones pass. */
        volatile boolean holdFirstOnly;

        void reset() {
            this.loads.set(0);
            this.entered = new CountDownLatch(1);
            this.release = new CountDownLatch(1);
            this.bothInstances = new CountDownLatch(0);
            this.holdFirstOnly = false;
        }

        void open() {
            this.release.countDown();
        }

        int pass() throws InterruptedException {
            int load = this.loads.incrementAndGet();
            this.entered.countDown();
            this.bothInstances.countDown();
            this.bothInstances.await(10, TimeUnit.SECONDS);
            if (!this.holdFirstOnly || load == 1) {
                this.release.await(20, TimeUnit.SECONDS);
            }
            return load;
        }
    }

    static class FleetPrices {

        @Cached(name = "fleet-global", ttl = "60s", singleFlight = SingleFlight.GLOBAL)
        public String global(long id) throws InterruptedException {
            return "global-" + id + " v" + gate.pass();
        }

        @Cached(name = "fleet-async", ttl = "60s", singleFlight = SingleFlight.GLOBAL)
        public CompletableFuture<String> globalAsync(long id) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return "async-" + id + " v" + gate.pass();
                }
                catch (InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            });
        }

        @Cached(name = "fleet-local", ttl = "60s", singleFlight = SingleFlight.LOCAL)
        public String local(long id) throws InterruptedException {
            return "local-" + id + " v" + gate.pass();
        }
    }
}
