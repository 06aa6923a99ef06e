package dev.beryl.cache.internal;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheLookup;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fences against stores on their way to a backend that answers late: an invalidation or a put that comes while a
 * load's store is still travelling wins over it, whichever order the backend sees them in.
 */
class CacheEngineFenceTests {

    private static final String KEY = "beryl:products:1";

    /** A custom backend on a map whose operations the test can hold. */
    static class Controlled implements CacheBackend {

        final Map<String, Object> map = new ConcurrentHashMap<>();

        /** When set, the next get reads the map now but answers only when the test completes the future. */
        volatile boolean holdNextGet;

        final AtomicReference<Runnable> heldGet = new AtomicReference<>();

        final CountDownLatch getHeld = new CountDownLatch(1);

        /** When set, delete signals and waits. */
        volatile CountDownLatch inDelete;

        volatile CountDownLatch releaseDelete;

        /** When non-null, the next set is handled by this instead. */
        volatile java.util.function.BiFunction<String, Object, CompletableFuture<Void>> nextSet;

        volatile long getDelayMillis;

        /** When positive, the get that counts it down to zero waits for {@link #gateOpen} before it reads. */
        final java.util.concurrent.atomic.AtomicInteger getsBeforeGate = new java.util.concurrent.atomic.AtomicInteger(-1);

        final CountDownLatch gateReached = new CountDownLatch(1);

        final CountDownLatch gateOpen = new CountDownLatch(1);

        @Override
        public CompletableFuture<CacheLookup> get(String key, Type valueType) {
            if (this.getsBeforeGate.getAndDecrement() == 1) {
                this.gateReached.countDown();
                try {
                    this.gateOpen.await(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            }
            CacheLookup now = this.map.containsKey(key) ? CacheLookup.hit(this.map.get(key)) : CacheLookup.miss();
            if (this.getDelayMillis > 0) {
                return CompletableFuture.supplyAsync(() -> now,
                        CompletableFuture.delayedExecutor(this.getDelayMillis, TimeUnit.MILLISECONDS));
            }
            if (this.holdNextGet) {
                this.holdNextGet = false;
                CompletableFuture<CacheLookup> future = new CompletableFuture<>();
                this.heldGet.set(() -> future.complete(now));
                this.getHeld.countDown();
                return future;
            }
            return CompletableFuture.completedFuture(now);
        }

        @Override
        public CompletableFuture<Void> set(String key, Object value, Duration ttl) {
            var handler = this.nextSet;
            if (handler != null) {
                this.nextSet = null;
                return handler.apply(key, value);
            }
            this.map.put(key, value);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> delete(String key) {
            CountDownLatch in = this.inDelete;
            if (in != null) {
                this.inDelete = null;
                in.countDown();
                try {
                    this.releaseDelete.await(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            }
            this.map.remove(key);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> clear(String namespace) {
            this.map.keySet().removeIf((k) -> k.startsWith(namespace + ":"));
            return CompletableFuture.completedFuture(null);
        }
    }

    private static CacheDefinition definition(CacheBackend backend) {
        return new CacheDefinition("products", "beryl:products", "custom", backend, Duration.ofSeconds(60),
                Object.class, false);
    }

    private static Object load(CacheEngine engine, CacheDefinition cache, String value) {
        try {
            return engine.getOrLoad(cache, KEY, () -> value);
        }
        catch (Throwable ex) {
            throw new AssertionError(ex);
        }
    }

    /** Waits, without sleeping, until the thread is parked. */
    private static void awaitWaiting(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("thread parked in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }


    @Test
    void loadWhoseSecondLookupReadTheValueAnInvalidationRemoves_isNotJoinedAfterItReturned() throws Exception {
        CacheEngine engine = CacheEngine.builder().timeout(Duration.ofSeconds(10)).build();
        Controlled backend = new Controlled();
        CacheDefinition cache = definition(backend);
        // A misses, claims the key, and stops before its second lookup reads.
        backend.getsBeforeGate.set(2);
        AtomicReference<Object> resultA = new AtomicReference<>();
        Thread a = new Thread(() -> resultA.set(load(engine, cache, "A's load")));
        a.start();
        assertThat(backend.gateReached.await(10, TimeUnit.SECONDS)).isTrue();
        // Meanwhile v0 is stored (by another instance, say), and an invalidation starts: held inside its delete.
        backend.map.put(KEY, "v0 (old)");
        backend.inDelete = new CountDownLatch(1);
        backend.releaseDelete = new CountDownLatch(1);
        CountDownLatch inDelete = backend.inDelete;
        Thread invalidation = new Thread(() -> engine.invalidate(cache, KEY));
        invalidation.start();
        assertThat(inDelete.await(10, TimeUnit.SECONDS)).isTrue();
        // A's second lookup reads v0 before the delete, and its answer is held.
        backend.holdNextGet = true;
        backend.gateOpen.countDown();
        assertThat(backend.getHeld.await(10, TimeUnit.SECONDS)).isTrue();
        backend.releaseDelete.countDown();
        invalidation.join(10_000);
        assertThat(invalidation.isAlive()).isFalse();
        // C starts after the invalidation returned: it must not get A's v0.
        AtomicReference<Object> resultC = new AtomicReference<>();
        Thread c = new Thread(() -> resultC.set(load(engine, cache, "fresh")));
        c.start();
        c.join(10_000);
        backend.heldGet.get().run();
        a.join(10_000);
        assertThat(resultC.get()).isEqualTo("fresh");
        assertThat(resultA.get()).as("A started before the invalidation returned").isEqualTo("v0 (old)");
        assertThat(backend.map.get(KEY)).as("A's v0 was not stored").isEqualTo("fresh");
    }

    @Test
    void storeThatOutlivesItsBudget_isStillFencedByALaterInvalidation() throws Exception {
        CacheEngine engine = CacheEngine.builder().timeout(Duration.ofMillis(200)).build();
        Controlled backend = new Controlled();
        CacheDefinition cache = definition(backend);
        AtomicReference<Runnable> land = new AtomicReference<>();
        backend.nextSet = (key, value) -> {
            CompletableFuture<Void> future = new CompletableFuture<>();
            land.set(() -> {
                backend.map.put(key, value);
                future.complete(null);
            });
            return future;
        };
        assertThat(load(engine, cache, "v0 (old)")).isEqualTo("v0 (old)");
        engine.invalidate(cache, KEY);
        land.get().run();
        assertThat(load(engine, cache, "fresh")).as("a call after the invalidation").isEqualTo("fresh");
    }

    @Test
    void fencedStoreThatFailsAfterWriting_isDeletedToo() throws Exception {
        CacheEngine engine = CacheEngine.builder().timeout(Duration.ofMillis(200)).build();
        Controlled backend = new Controlled();
        CacheDefinition cache = definition(backend);
        AtomicReference<Runnable> land = new AtomicReference<>();
        CountDownLatch issued = new CountDownLatch(1);
        backend.nextSet = (key, value) -> {
            CompletableFuture<Void> future = new CompletableFuture<>();
            land.set(() -> {
                backend.map.put(key, value);
                future.completeExceptionally(new IllegalStateException("the value landed, its tag write failed"));
            });
            issued.countDown();
            return future;
        };
        Thread leader = new Thread(() -> load(engine, cache, "v0 (old)"));
        leader.start();
        assertThat(issued.await(10, TimeUnit.SECONDS)).isTrue();
        engine.invalidate(cache, KEY);
        land.get().run();
        leader.join(10_000);
        assertThat(load(engine, cache, "fresh")).as("a call after the invalidation").isEqualTo("fresh");
    }

    @Test
    void putThatFencesAStoreOnItsWay_letsItLandFirst_andKeepsItsOwnValue() throws Exception {
        CacheEngine engine = CacheEngine.builder().timeout(Duration.ofSeconds(10)).build();
        Controlled backend = new Controlled();
        CacheDefinition cache = definition(backend);
        AtomicReference<Runnable> ack = new AtomicReference<>();
        CountDownLatch issued = new CountDownLatch(1);
        backend.nextSet = (key, value) -> {
            backend.map.put(key, value);
            CompletableFuture<Void> future = new CompletableFuture<>();
            ack.set(() -> future.complete(null));
            issued.countDown();
            return future;
        };
        Thread leader = new Thread(() -> load(engine, cache, "v0 (old)"));
        leader.start();
        assertThat(issued.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicReference<Boolean> put = new AtomicReference<>();
        Thread putting = new Thread(() -> put.set(engine.put(cache, KEY, "v2 (put)", Set.of())));
        putting.start();
        awaitWaiting(putting);
        ack.get().run();
        putting.join(10_000);
        leader.join(10_000);
        assertThat(put.get()).isTrue();
        assertThat(backend.map.get(KEY)).isEqualTo("v2 (put)");
    }

    @Test
    void secondLookupOutOfBudget_isAMiss_notAFailure_evenWithFailOpenOff() throws Throwable {
        CacheEngine engine = CacheEngine.builder().failOpen(false).timeout(Duration.ofMillis(300)).build();
        Controlled backend = new Controlled();
        backend.getDelayMillis = 200;
        CacheDefinition cache = definition(backend);
        assertThat(engine.getOrLoad(cache, KEY, () -> "loaded")).isEqualTo("loaded");
        assertThat(engine.failures()).isZero();
    }
}
