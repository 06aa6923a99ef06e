package dev.beryl.cache.redis;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.internal.CacheLoader;
import dev.beryl.cache.internal.StorePolicy;
import dev.beryl.cache.Tags;
import dev.beryl.cache.redis.testsupport.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Single flight and the invalidation barrier on a real Redis: what a load that an invalidation overtook does not
 * store, and loads that wait for each other. Driven by latches and barriers.
 */
class RedisRaceIntegrationTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    private RedisCacheBackend backend;

    private CacheDefinition products;

    @BeforeEach
    void connect() {
        redis.server().command("FLUSHALL");
        this.backend = RedisCacheBackend.builder().uri(redis.server().uri()).commandTimeout(Duration.ofSeconds(2))
                .build();
        this.products = definition("products");
    }

    @AfterEach
    void close() {
        this.pool.shutdownNow();
        this.backend.close();
    }

    @Test
    void callAfterAnInvalidation_getsAFreshLoad_andTheOverTakenLoadDoesNotStore() throws Exception {
        CacheEngine engine = new CacheEngine();
        StorePolicy tagged = (value) -> Set.of(Tags.id("beryl", "product:1"));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> old = this.pool.submit(() -> load(engine, this.products, "beryl:products:1", () -> {
            entered.countDown();
            release.await();
            return "old";
        }, tagged));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        engine.invalidate(this.products, "beryl:products:1");
        assertThat(load(engine, this.products, "beryl:products:1", () -> "new", tagged)).isEqualTo("new");
        release.countDown();
        assertThat(old.get(10, TimeUnit.SECONDS)).isEqualTo("old");
        assertThat(redis.server().command("GET", "beryl:products:1")).isEqualTo("\"new\"");
    }

    @Test
    void loadOvertakenByATagInvalidation_doesNotStore() throws Exception {
        CacheEngine engine = new CacheEngine();
        String tag = Tags.id("beryl", "product:2");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> old = this.pool.submit(() -> load(engine, this.products, "beryl:products:2", () -> {
            entered.countDown();
            release.await();
            return "old";
        }, (value) -> Set.of(tag)));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        engine.invalidateTag("redis", this.backend, tag);
        release.countDown();
        assertThat(old.get(10, TimeUnit.SECONDS)).isEqualTo("old");
        assertThat(redis.server().command("EXISTS", "beryl:products:2")).isEqualTo("0");
    }

    @Test
    void crossingLoads_onRedis_finishWithoutWaitingForMaxWait() throws Exception {
        CacheEngine engine = CacheEngine.builder().maxWait(Duration.ofHours(1)).build();
        CacheDefinition a = definition("a");
        CacheDefinition b = definition("b");
        CyclicBarrier bothLoading = new CyclicBarrier(2);
        Future<Object> aThenB = this.pool.submit(() -> load(engine, a, "beryl:a:1", () -> {
            bothLoading.await(10, TimeUnit.SECONDS);
            return "a+" + load(engine, b, "beryl:b:7", () -> "b", StorePolicy.ALWAYS);
        }, StorePolicy.ALWAYS));
        Future<Object> bThenA = this.pool.submit(() -> load(engine, b, "beryl:b:7", () -> {
            bothLoading.await(10, TimeUnit.SECONDS);
            return "b+" + load(engine, a, "beryl:a:1", () -> "a", StorePolicy.ALWAYS);
        }, StorePolicy.ALWAYS));
        assertThat(aThenB.get(20, TimeUnit.SECONDS).toString()).startsWith("a+b");
        assertThat(bThenA.get(20, TimeUnit.SECONDS).toString()).startsWith("b+a");
        assertThat(redis.server().command("EXISTS", "beryl:a:1")).isEqualTo("1");
        assertThat(redis.server().command("EXISTS", "beryl:b:7")).isEqualTo("1");
    }

    @Test
    void waiterOfAHungLoad_runsTheMethodItself_afterMaxWait() throws Exception {
        CacheEngine engine = CacheEngine.builder().maxWait(Duration.ofMillis(200)).build();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> hung = this.pool.submit(() -> load(engine, this.products, "beryl:products:3", () -> {
            entered.countDown();
            release.await();
            return "leader";
        }, StorePolicy.ALWAYS));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(load(engine, this.products, "beryl:products:3", () -> "own", StorePolicy.ALWAYS))
                .isEqualTo("own");
        assertThat(hung.isDone()).isFalse();
        release.countDown();
        assertThat(hung.get(10, TimeUnit.SECONDS)).isEqualTo("leader");
    }

    @Test
    void waitersOfALeaderThatThrew_runTheMethodThemselves_eachWithItsOwnOutcome() throws Exception {
        CacheEngine engine = new CacheEngine();
        IllegalStateException leaderFailure = new IllegalStateException("repository down");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> leader = this.pool.submit(() -> load(engine, this.products, "beryl:products:4", () -> {
            entered.countDown();
            release.await();
            throw leaderFailure;
        }, StorePolicy.ALWAYS));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        java.util.List<Thread> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();
        Future<Object> waiter = this.pool.submit(() -> {
            waiting.add(Thread.currentThread());
            return load(engine, this.products, "beryl:products:4", () -> "the waiter's own", StorePolicy.ALWAYS);
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiting.isEmpty() || waiting.get(0).getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("the waiter waits in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
        release.countDown();
        assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
                .isThrownBy(() -> leader.get(10, TimeUnit.SECONDS)).havingCause().isSameAs(leaderFailure);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("the waiter's own");
    }

    private static Object load(CacheEngine engine, CacheDefinition cache, String key, CacheLoader loader,
            StorePolicy policy) throws Exception {
        try {
            return engine.getOrLoad(cache, key, loader, policy);
        }
        catch (Exception | Error ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw new AssertionError(ex);
        }
    }

    private CacheDefinition definition(String name) {
        return new CacheDefinition(name, "beryl:" + name, "redis", this.backend, Duration.ofMinutes(1), String.class,
                false);
    }
}
