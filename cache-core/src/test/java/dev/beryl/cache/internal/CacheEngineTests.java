package dev.beryl.cache.internal;

import java.io.IOException;
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
import org.junit.jupiter.api.Test;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheEvent;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.FakeTicker;
import dev.beryl.cache.Tags;
import dev.beryl.cache.memory.InMemoryCacheBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CacheEngineTests {

    private static final int THREADS = 64;

    private final FakeTicker ticker = new FakeTicker();

    private final InMemoryCacheBackend memory = InMemoryCacheBackend.builder().ticker(this.ticker).build();

    private final CacheEngine engine = new CacheEngine();

    private final CacheDefinition products = definition(this.memory, false);

    private final AtomicInteger loads = new AtomicInteger();

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopPool() {
        this.pool.shutdownNow();
    }

    @Test
    void miss_loadsAndStores_thenHitSkipsLoader() throws Throwable {
        assertThat(this.engine.getOrLoad(this.products, "beryl:products:1", () -> "p" + this.loads.incrementAndGet()))
                .isEqualTo("p1");
        assertThat(this.engine.getOrLoad(this.products, "beryl:products:1", () -> "p" + this.loads.incrementAndGet()))
                .isEqualTo("p1");
        assertThat(this.loads).hasValue(1);
        assertThat(this.memory.getSync("beryl:products:1", String.class)).isEqualTo(CacheLookup.hit("p1"));
    }

    @Test
    void keyOfANumber_findsWhatItsTextStored_andStoresWhatItsTextFinds() throws Throwable {
        MissHandler<String> named = (value) -> {
            this.loads.incrementAndGet();
            return value;
        };
        this.engine.getOrLoad(this.products, "beryl:products:7", () -> "seven");
        assertThat(this.engine.get(this.products, new NumberKey("beryl:products", 7), "other", named))
                .isEqualTo("seven");
        assertThat(this.engine.get(this.products, new NumberKey("beryl:products", -8), "minus eight", named))
                .isEqualTo("minus eight");
        assertThat(this.engine.get(this.products, new NumberKey("beryl:products", -8), "again", named))
                .isEqualTo("minus eight");
        assertThat(this.memory.getSync("beryl:products:-8", String.class).value()).isEqualTo("minus eight");
        assertThat(this.loads).hasValue(1);
        assertThat(this.products.counters().hits()).isEqualTo(2);
        assertThat(this.products.counters().misses()).isEqualTo(2);
        this.engine.invalidate(this.products, "beryl:products:-8");
        assertThat(this.engine.get(this.products, new NumberKey("beryl:products", -8), "reloaded", named))
                .isEqualTo("reloaded");
    }

    @Test
    void afterTtl_loaderRunsAgain() throws Throwable {
        this.engine.getOrLoad(this.products, "beryl:products:1", this.loads::incrementAndGet);
        this.ticker.advance(Duration.ofSeconds(60));
        assertThat(this.engine.getOrLoad(this.products, "beryl:products:1", this.loads::incrementAndGet)).isEqualTo(2);
    }

    @Test
    void concurrentMisses_runLoaderOnce_andAllGetSameValue() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch loaderEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            results.add(this.pool.submit(() -> {
                start.await();
                return call(() -> {
                    loaderEntered.countDown();
                    release.await();
                    return new StringBuilder("value-").append(this.loads.incrementAndGet());
                });
            }));
        }
        start.countDown();
        assertThat(loaderEntered.await(10, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        Object first = results.get(0).get(10, TimeUnit.SECONDS);
        for (Future<Object> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isSameAs(first);
        }
        assertThat(this.loads).hasValue(1);
        assertThat(first).hasToString("value-1");
    }

    @Test
    void privateResult_isNeitherStoredNorHandedToWaiters_whoEachRunTheLoaderThemselves() throws Throwable {
        // A result that belongs to its caller alone, as a response that sets a session cookie does.
        MissHandler<String> privately = new MissHandler<>() {

            @Override
            public Object load(String caller) throws InterruptedException {
                this.loaded(caller);
                return "for " + caller;
            }

            private void loaded(String caller) throws InterruptedException {
                CacheEngineTests.this.loads.incrementAndGet();
                if (caller.equals("leader")) {
                    leaderEntered.countDown();
                    release.await();
                }
            }

            @Override
            public boolean shareable(String caller, Object result) {
                return false;
            }
        };
        Future<Object> leader = this.pool.submit(() -> {
            try {
                return this.engine.get(this.products, "beryl:products:1", "leader", privately);
            }
            catch (Throwable ex) {
                throw new IllegalStateException(ex);
            }
        });
        assertThat(this.leaderEntered.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<Object>> waiters = new ArrayList<>();
        List<Thread> waiterThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            String caller = "waiter-" + i;
            waiters.add(this.pool.submit(() -> {
                waiterThreads.add(Thread.currentThread());
                try {
                    return this.engine.get(this.products, "beryl:products:1", caller, privately);
                }
                catch (Throwable ex) {
                    throw new IllegalStateException(ex);
                }
            }));
        }
        awaitAllBlocked(waiterThreads, 4);
        this.release.countDown();
        assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("for leader");
        for (int i = 0; i < waiters.size(); i++) {
            assertThat(waiters.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("for waiter-" + i);
        }
        assertThat(this.loads).hasValue(5);
        assertThat(this.memory.getSync("beryl:products:1", Object.class).isHit()).isFalse();
    }

    private final CountDownLatch leaderEntered = new CountDownLatch(1);

    private final CountDownLatch release = new CountDownLatch(1);

    @Test
    void throwingLoader_cachesNothing_andWaitersRunTheLoaderThemselves_eachWithItsOwnOutcome() throws Throwable {
        IOException failure = new IOException("repository down");
        CountDownLatch loaderEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> leader = this.pool.submit(() -> call(() -> {
            loaderEntered.countDown();
            release.await();
            this.loads.incrementAndGet();
            throw failure;
        }));
        assertThat(loaderEntered.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<Object>> waiters = new ArrayList<>();
        List<Thread> waiterThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            waiters.add(this.pool.submit(() -> {
                waiterThreads.add(Thread.currentThread());
                return call(() -> {
                    this.loads.incrementAndGet();
                    if (n % 2 == 0) {
                        throw new IOException("own failure " + n);
                    }
                    return "own value " + n;
                });
            }));
        }
        awaitAllBlocked(waiterThreads, 8);
        release.countDown();
        assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
                .isThrownBy(() -> leader.get(10, TimeUnit.SECONDS)).havingCause().isSameAs(failure);
        for (int i = 0; i < waiters.size(); i++) {
            Future<Object> waiter = waiters.get(i);
            if (i % 2 == 0) {
                assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
                        .isThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).havingCause()
                        .isInstanceOf(IOException.class).withMessage("own failure " + i);
            }
            else {
                assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("own value " + i);
            }
        }
        assertThat(this.loads).hasValue(9);
        assertThat(this.memory.getSync("beryl:products:1", Object.class).isHit()).isFalse();
        assertThat(this.engine.getOrLoad(this.products, "beryl:products:1", () -> "recovered")).isEqualTo("recovered");
    }

    @Test
    void interruptedLeader_waitersGetTheirOwnValue_notItsInterruptedException() throws Exception {
        CountDownLatch loaderEntered = new CountDownLatch(1);
        List<Thread> leaderThread = new java.util.concurrent.CopyOnWriteArrayList<>();
        Future<Object> leader = this.pool.submit(() -> call(() -> {
            leaderThread.add(Thread.currentThread());
            loaderEntered.countDown();
            new CountDownLatch(1).await();
            return "never";
        }));
        assertThat(loaderEntered.await(10, TimeUnit.SECONDS)).isTrue();
        List<Thread> waiterThread = new java.util.concurrent.CopyOnWriteArrayList<>();
        Future<Object> waiter = this.pool.submit(() -> {
            waiterThread.add(Thread.currentThread());
            return call(() -> "own load");
        });
        awaitAllBlocked(waiterThread, 1);
        leaderThread.get(0).interrupt();
        assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
                .isThrownBy(() -> leader.get(10, TimeUnit.SECONDS)).havingCause()
                .isInstanceOf(InterruptedException.class);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("own load");
    }

    @Test
    void nullResult_isNotStored_unlessCacheNull() throws Throwable {
        assertThat(this.engine.getOrLoad(this.products, "beryl:products:9", () -> null)).isNull();
        assertThat(this.memory.getSync("beryl:products:9", Object.class).isHit()).isFalse();

        CacheDefinition nullable = definition(this.memory, true);
        this.engine.getOrLoad(nullable, "beryl:products:9", () -> null);
        assertThat(this.memory.getSync("beryl:products:9", Object.class)).isEqualTo(CacheLookup.hit(null));
        assertThat(this.engine.getOrLoad(nullable, "beryl:products:9", () -> "loaded again")).isNull();
    }

    @Test
    void policyWithoutTags_returnsValueWithoutStoring() throws Throwable {
        assertThat(this.engine.getOrLoad(this.products, "beryl:products:1", () -> "v", (value) -> null))
                .isEqualTo("v");
        assertThat(this.memory.getSync("beryl:products:1", Object.class).isHit()).isFalse();
    }

    @Test
    void policyThatThrows_returnsValueWithoutStoring() throws Throwable {
        assertThat(this.engine.getOrLoad(this.products, "beryl:products:1", () -> "v", (value) -> {
            throw new IllegalStateException("bad unless");
        })).isEqualTo("v");
        assertThat(this.memory.getSync("beryl:products:1", Object.class).isHit()).isFalse();
    }

    @Test
    void failingBackend_failsOpen_andIsCounted() throws Throwable {
        CacheDefinition broken = definition(new BrokenBackend(), false);
        assertThat(this.engine.getOrLoad(broken, "beryl:products:1", this.loads::incrementAndGet)).isEqualTo(1);
        assertThat(this.engine.getOrLoad(broken, "beryl:products:1", this.loads::incrementAndGet)).isEqualTo(2);
        // each call: one failed get; no second look and no store once the backend has failed the call
        assertThat(this.engine.failures()).isEqualTo(2);
    }

    /** Waits until {@code count} threads have registered and each is parked, waiting for the leader's load. */
    static void awaitAllBlocked(List<Thread> threads, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threads.size() < count
                || !threads.stream().allMatch((thread) -> thread.getState() == Thread.State.TIMED_WAITING)) {
            assertThat(System.nanoTime()).as("waiters blocked in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void failingBackend_withFailOpenOff_throwsBackendException() {
        CacheEngine strict = CacheEngine.builder().failOpen(false).build();
        CacheDefinition broken = definition(new BrokenBackend(), false);
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> strict.getOrLoad(broken, "beryl:products:1", this.loads::incrementAndGet))
                .withMessage("connection refused");
        assertThat(this.loads).hasValue(0);
        assertThat(strict.failures()).isEqualTo(1);
    }

    @Test
    void loaderThatAsksForItsOwnKey_doesNotWaitForItself() throws Throwable {
        Object value = this.engine.getOrLoad(this.products, "beryl:products:7",
                () -> "outer+" + this.engine.getOrLoad(this.products, "beryl:products:7", () -> "inner"));
        assertThat(value).isEqualTo("outer+inner");
        assertThat(this.memory.getSync("beryl:products:7", String.class).value()).isEqualTo("outer+inner");
    }

    @Test
    void interruptedWaiter_stopsWaiting_andRunsTheLoaderItself() throws Exception {
        CountDownLatch loaderEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> leader = this.pool.submit(() -> call(() -> {
            loaderEntered.countDown();
            release.await();
            return "leader";
        }));
        assertThat(loaderEntered.await(10, TimeUnit.SECONDS)).isTrue();
        List<Thread> waiter = new java.util.concurrent.CopyOnWriteArrayList<>();
        Future<Object> waiting = this.pool.submit(() -> {
            waiter.add(Thread.currentThread());
            Object result = call(() -> "own load");
            return result + (Thread.currentThread().isInterrupted() ? ", interrupted" : "");
        });
        awaitAllBlocked(waiter, 1);
        waiter.get(0).interrupt();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("own load, interrupted");
        release.countDown();
        assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("leader");
    }

    @Test
    void listeners_hearMissLoadPut_thenHit_inOrder_andAThrowingListenerChangesNothing() throws Throwable {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        CacheEngine listened = CacheEngine.builder().listeners(List.of((event) -> {
            throw new IllegalStateException("listener bug");
        }, (event) -> heard.add(event.kind() + " " + event.cache() + " " + event.key() + " " + event.backend()))).build();
        assertThat(listened.getOrLoad(this.products, "beryl:products:1", () -> "v")).isEqualTo("v");
        assertThat(listened.getOrLoad(this.products, "beryl:products:1", () -> "w")).isEqualTo("v");
        listened.invalidate(this.products, "beryl:products:1");
        listened.clear(this.products);
        listened.invalidateTag("test", this.memory, Tags.id("beryl", "t"));
        assertThat(heard).containsExactly("MISS products beryl:products:1 test", "LOAD products beryl:products:1 test",
                "PUT products beryl:products:1 test", "HIT products beryl:products:1 test",
                "INVALIDATE products beryl:products:1 test", "CLEAR products beryl:products test",
                "INVALIDATE_TAG null beryl::tag:t test");
    }

    @Test
    void listeners_hearBackendErrors() throws Throwable {
        List<CacheEvent> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        CacheEngine listened = CacheEngine.builder().listeners(List.of(heard::add)).build();
        listened.getOrLoad(definition(new BrokenBackend(), false), "beryl:products:1", () -> "v");
        assertThat(heard).extracting(CacheEvent::kind).contains(CacheEvent.Kind.ERROR, CacheEvent.Kind.LOAD);
        assertThat(heard).filteredOn((event) -> event.kind() == CacheEvent.Kind.ERROR).first()
                .satisfies((event) -> assertThat(event.failure()).hasMessage("connection refused"));
    }

    private Object call(CacheLoader loader) throws Exception {
        try {
            return this.engine.getOrLoad(this.products, "beryl:products:1", loader);
        }
        catch (Exception | Error ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw new AssertionError(ex);
        }
    }

    private static CacheDefinition definition(CacheBackend backend, boolean cacheNull) {
        return new CacheDefinition("products", "beryl:products", "test", backend, Duration.ofSeconds(60),
                Object.class, cacheNull);
    }

    private static List<Future<Object>> concat(Future<Object> first, List<Future<Object>> rest) {
        List<Future<Object>> all = new ArrayList<>(rest);
        all.add(0, first);
        return all;
    }

    /** A backend whose every operation fails, as a backend does when its server is down. */
    private static final class BrokenBackend implements CacheBackend {

        @Override
        public CompletableFuture<CacheLookup> get(String key, java.lang.reflect.Type valueType) {
            return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
        }

        @Override
        public CompletableFuture<Void> set(String key, Object value, Duration ttl) {
            return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
        }

        @Override
        public CompletableFuture<Void> delete(String key) {
            return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
        }
    }
}
