package dev.beryl.cache.internal;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.FakeTicker;
import dev.beryl.cache.TaggingCacheBackend;
import dev.beryl.cache.Tags;
import dev.beryl.cache.memory.InMemoryCacheBackend;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine under races and faults: bounded and cycle-free single flight, invalidation as a barrier, and backends
 * that never answer. Driven by latches and barriers; nothing here sleeps.
 */
class CacheEngineRaceTests {

    private static final String KEY = "beryl:products:1";

    private final FakeTicker ticker = new FakeTicker();

    private final InMemoryCacheBackend memory = InMemoryCacheBackend.builder().ticker(this.ticker).build();

    private final CacheDefinition products = definition("products", this.memory);

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    private final AtomicInteger loads = new AtomicInteger();

    @AfterEach
    void stopPool() {
        this.pool.shutdownNow();
    }

    @Test
    void waiterOfAHungLoad_runsTheMethodItself_afterMaxWait() throws Exception {
        CacheEngine engine = CacheEngine.builder().maxWait(Duration.ofMillis(200)).build();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> hung = this.pool.submit(() -> load(engine, this.products, KEY, () -> {
            entered.countDown();
            release.await();
            return "leader";
        }));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Future<Object> waiter = this.pool.submit(() -> load(engine, this.products, KEY, () -> "waiter's own"));
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("waiter's own");
        assertThat(hung.isDone()).as("the leader is still running").isFalse();
        assertThat(engine.failures()).as("the long wait is reported").isEqualTo(1);
        release.countDown();
        assertThat(hung.get(10, TimeUnit.SECONDS)).isEqualTo("leader");
        assertThat(this.memory.getSync(KEY, String.class).value()).isEqualTo("leader");
    }

    @Test
    void crossingLoads_finishWithoutWaitingForMaxWait() throws Exception {
        // With a max-wait far longer than the test's own bound, only cycle detection can finish these calls.
        CacheEngine engine = CacheEngine.builder().maxWait(Duration.ofHours(1)).build();
        CacheDefinition a = definition("a", this.memory);
        CacheDefinition b = definition("b", this.memory);
        CyclicBarrier bothLoading = new CyclicBarrier(2);
        Future<Object> aThenB = this.pool.submit(() -> load(engine, a, "beryl:a:1", () -> {
            bothLoading.await(10, TimeUnit.SECONDS);
            return "a1+" + load(engine, b, "beryl:b:7", () -> "b7 from a");
        }));
        Future<Object> bThenA = this.pool.submit(() -> load(engine, b, "beryl:b:7", () -> {
            bothLoading.await(10, TimeUnit.SECONDS);
            return "b7+" + load(engine, a, "beryl:a:1", () -> "a1 from b");
        }));
        Object first = aThenB.get(20, TimeUnit.SECONDS);
        Object second = bThenA.get(20, TimeUnit.SECONDS);
        assertThat(List.of(first, second)).containsAnyOf("a1+b7 from a", "a1+b7+a1 from b")
                .containsAnyOf("b7+a1 from b", "b7+a1+b7 from a");
        assertThat(this.memory.getSync("beryl:a:1", String.class).isHit()).isTrue();
        assertThat(this.memory.getSync("beryl:b:7", String.class).isHit()).isTrue();
    }

    @Test
    void callAfterAnInvalidation_doesNotJoinALoadThatStartedBefore_andTheOldLoadDoesNotStore() throws Exception {
        CacheEngine engine = new CacheEngine();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> old = this.pool.submit(() -> load(engine, this.products, KEY, () -> {
            entered.countDown();
            release.await();
            return "old";
        }));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        engine.invalidate(this.products, KEY);
        assertThat(load(engine, this.products, KEY, () -> "new")).isEqualTo("new");
        release.countDown();
        assertThat(old.get(10, TimeUnit.SECONDS)).as("its own caller still gets its answer").isEqualTo("old");
        assertThat(this.memory.getSync(KEY, String.class).value()).isEqualTo("new");
        assertThat(load(engine, this.products, KEY, () -> "again")).isEqualTo("new");
    }

    @Test
    void loadOvertakenByEachKindOfWrite_doesNotStore() throws Exception {
        CacheEngine engine = new CacheEngine();
        assertLoadDoesNotStoreAfter(engine, () -> engine.invalidate(this.products, KEY), null);
        assertLoadDoesNotStoreAfter(engine, () -> engine.clear(this.products), null);
        assertLoadDoesNotStoreAfter(engine, () -> engine.invalidateTag("memory", this.memory, Tags.id("beryl", "x")),
                null);
        assertLoadDoesNotStoreAfter(engine, () -> engine.put(this.products, KEY, "written", Set.of()), "written");
    }

    @Test
    void loadOfAnotherCache_isNotFencedByAClear() throws Exception {
        CacheEngine engine = new CacheEngine();
        CacheDefinition other = definition("other", this.memory);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> loading = this.pool.submit(() -> load(engine, other, "beryl:other:1", () -> {
            entered.countDown();
            release.await();
            return "kept";
        }));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        engine.clear(this.products);
        release.countDown();
        assertThat(loading.get(10, TimeUnit.SECONDS)).isEqualTo("kept");
        assertThat(this.memory.getSync("beryl:other:1", String.class).value()).isEqualTo("kept");
    }

    @Test
    void hangingCustomBackend_isBoundedByTheTimeout_inEveryOperation() throws Exception {
        CacheDefinition hanging = definition("products", new HangingBackend());
        List<java.util.function.Consumer<CacheEngine>> operations = List.of(
                (engine) -> assertThat(loadUnchecked(engine, hanging)).isEqualTo("loaded"),
                (engine) -> engine.put(hanging, KEY, "x", Set.of()),
                (engine) -> engine.invalidate(hanging, KEY),
                (engine) -> engine.clear(hanging),
                (engine) -> engine.invalidateTag("hanging", hanging.backend(), Tags.id("beryl", "t")));
        for (java.util.function.Consumer<CacheEngine> operation : operations) {
            CacheEngine engine = CacheEngine.builder().timeout(Duration.ofMillis(100)).build();
            this.pool.submit(() -> operation.accept(engine)).get(20, TimeUnit.SECONDS);
            assertThat(engine.failures()).as("gave up and was counted").isEqualTo(1);
        }
    }

    @Test
    void customBackendThatBlocksTheThreadItIsCalledOn_isBoundedByTheTimeoutToo() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CacheBackend blocking = new HangingBackend() {

            @Override
            public CompletableFuture<CacheLookup> get(String key, Type valueType) {
                awaitUninterruptibly(never);
                return CompletableFuture.completedFuture(CacheLookup.miss());
            }

            @Override
            public CompletableFuture<Void> delete(String key) {
                awaitUninterruptibly(never);
                return CompletableFuture.completedFuture(null);
            }
        };
        try {
            CacheDefinition cache = definition("products", blocking);
            CacheEngine engine = CacheEngine.builder().timeout(Duration.ofMillis(100)).build();
            Future<Object> call = this.pool.submit(() -> {
                Object loaded = load(engine, cache, KEY, () -> "loaded");
                engine.invalidate(cache, KEY);
                return loaded;
            });
            assertThat(call.get(20, TimeUnit.SECONDS)).isEqualTo("loaded");
            assertThat(engine.failures()).as("the lookup and the invalidation gave up").isEqualTo(2);
        }
        finally {
            never.countDown();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void invalidationsOfABackendThatFailedOne_queueBehindIt_withoutWaitingForItAgain() throws Exception {
        CacheEngine engine = CacheEngine.builder().timeout(Duration.ofMillis(100)).build();
        HangingBackend backend = new HangingBackend();
        CacheDefinition hanging = definition("products", backend);
        this.pool.submit(() -> {
            engine.invalidate(hanging, KEY);
            engine.invalidate(hanging, "beryl:products:2");
            engine.clear(hanging);
            engine.invalidateTag("hanging", backend, Tags.id("beryl", "t"));
            engine.put(hanging, KEY, "x", Set.of());
        }).get(20, TimeUnit.SECONDS);
        assertThat(backend.calls).as("only the first invalidation asked the backend").hasValue(1);
        assertThat(engine.failures()).isEqualTo(1);
    }

    @Test
    void storeThatNeverCompletes_doesNotHoldTheCall() throws Exception {
        CacheEngine engine = CacheEngine.builder().timeout(Duration.ofMillis(100)).build();
        HangingBackend storesHang = new HangingBackend() {

            @Override
            public CompletableFuture<CacheLookup> get(String key, Type valueType) {
                return CompletableFuture.completedFuture(CacheLookup.miss());
            }
        };
        CacheDefinition cache = definition("products", storesHang);
        Future<Object> call = this.pool.submit(() -> load(engine, cache, KEY, () -> "answered"));
        assertThat(call.get(20, TimeUnit.SECONDS)).isEqualTo("answered");
        assertThat(storesHang.sets).hasValue(1);
    }

    @Test
    void invalidationThatFailed_isAppliedOnceTheBackendAnswers_andItsEntryIsNeverServedMeanwhile() throws Throwable {
        CacheEngine engine = CacheEngine.builder().timeout(Duration.ofSeconds(5)).retryInterval(Duration.ZERO).build();
        FlakyBackend flaky = new FlakyBackend();
        CacheDefinition cache = definition("products", flaky);
        assertThat(engine.getOrLoad(cache, KEY, () -> "old")).isEqualTo("old");
        flaky.down = true;
        engine.invalidate(cache, KEY);
        assertThat(engine.getOrLoad(cache, KEY, () -> "new while down")).isEqualTo("new while down");
        flaky.down = false;
        // The retry runs in the background; until it has, calls run the method without the cache.
        awaitCachingResumed(engine, cache);
        assertThat(flaky.entries.get(KEY)).isNotEqualTo("old");
    }

    /** Calls until a call is answered from the cache, never by the entry the failed invalidation should remove. */
    private static void awaitCachingResumed(CacheEngine engine, CacheDefinition cache) throws Throwable {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        AtomicInteger loads = new AtomicInteger();
        while (true) {
            int before = loads.get();
            Object value = engine.getOrLoad(cache, KEY, () -> "fresh " + loads.incrementAndGet());
            assertThat(value).as("the entry the invalidation removed").isNotEqualTo("old");
            if (loads.get() == before) {
                return;
            }
            assertThat(System.nanoTime()).as("caching resumed in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void putOrTagInvalidationThatFailed_isAppliedOnceTheBackendAnswers() throws Throwable {
        CacheEngine engine = CacheEngine.builder().timeout(Duration.ofSeconds(5)).retryInterval(Duration.ZERO).build();
        FlakyBackend flaky = new FlakyBackend();
        CacheDefinition cache = definition("products", flaky);
        engine.getOrLoad(cache, KEY, () -> "old");
        engine.getOrLoad(cache, "beryl:products:2", () -> "old 2");
        flaky.down = true;
        engine.put(cache, KEY, "put while down", Set.of());
        engine.invalidateTag("flaky", flaky, Tags.id("beryl", "product:2"));
        flaky.down = false;
        awaitCachingResumed(engine, cache);
        assertThat(flaky.invalidatedTags).containsExactly(Tags.id("beryl", "product:2"));
    }

    private void assertLoadDoesNotStoreAfter(CacheEngine engine, Runnable write, String expected) throws Exception {
        this.memory.deleteSync(KEY);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> loading = this.pool.submit(() -> load(engine, this.products, KEY, () -> {
            entered.countDown();
            release.await();
            return "loaded before the write";
        }));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        write.run();
        release.countDown();
        assertThat(loading.get(10, TimeUnit.SECONDS)).isEqualTo("loaded before the write");
        CacheLookup stored = this.memory.getSync(KEY, String.class);
        if (expected == null) {
            assertThat(stored.isHit()).isFalse();
        }
        else {
            assertThat(stored.value()).isEqualTo(expected);
        }
    }

    private Object loadUnchecked(CacheEngine engine, CacheDefinition cache) {
        try {
            return load(engine, cache, KEY, () -> "loaded");
        }
        catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    private static Object load(CacheEngine engine, CacheDefinition cache, String key, CacheLoader loader)
            throws Exception {
        try {
            return engine.getOrLoad(cache, key, loader);
        }
        catch (Exception | Error ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw new AssertionError(ex);
        }
    }

    private static CacheDefinition definition(String name, CacheBackend backend) {
        return new CacheDefinition(name, "beryl:" + name, "memory", backend, Duration.ofSeconds(60), Object.class,
                false);
    }

    /** A custom backend on a map that can be made to fail every operation, as one whose server is down. */
    private static final class FlakyBackend implements TaggingCacheBackend {

        final java.util.Map<String, Object> entries = new java.util.concurrent.ConcurrentHashMap<>();

        final List<String> invalidatedTags = new CopyOnWriteArrayList<>();

        volatile boolean down;

        @Override
        public CompletableFuture<CacheLookup> get(String key, Type valueType) {
            return this.down ? failed() : CompletableFuture.completedFuture(
                    this.entries.containsKey(key) ? CacheLookup.hit(this.entries.get(key)) : CacheLookup.miss());
        }

        @Override
        public CompletableFuture<Void> set(String key, Object value, Duration ttl) {
            if (this.down) {
                return failed();
            }
            this.entries.put(key, value);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> delete(String key) {
            if (this.down) {
                return failed();
            }
            this.entries.remove(key);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> set(String key, Object value, Duration ttl, Set<String> tags) {
            return set(key, value, ttl);
        }

        @Override
        public CompletableFuture<Void> invalidateTag(String tag) {
            if (this.down) {
                return failed();
            }
            this.invalidatedTags.add(tag);
            return CompletableFuture.completedFuture(null);
        }

        private static <T> CompletableFuture<T> failed() {
            return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
        }
    }

    /** A custom backend whose futures never complete, as one whose server hangs. */
    private static class HangingBackend implements TaggingCacheBackend {

        final AtomicInteger sets = new AtomicInteger();

        final AtomicInteger calls = new AtomicInteger();

        @Override
        public CompletableFuture<CacheLookup> get(String key, Type valueType) {
            this.calls.incrementAndGet();
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Void> set(String key, Object value, Duration ttl) {
            this.calls.incrementAndGet();
            this.sets.incrementAndGet();
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Void> delete(String key) {
            this.calls.incrementAndGet();
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Void> clear(String namespace) {
            this.calls.incrementAndGet();
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<Void> set(String key, Object value, Duration ttl, Set<String> tags) {
            return set(key, value, ttl);
        }

        @Override
        public CompletableFuture<Void> invalidateTag(String tag) {
            this.calls.incrementAndGet();
            return new CompletableFuture<>();
        }
    }
}
