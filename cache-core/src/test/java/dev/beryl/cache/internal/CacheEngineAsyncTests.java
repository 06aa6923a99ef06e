package dev.beryl.cache.internal;

import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.FakeTicker;
import dev.beryl.cache.memory.InMemoryCacheBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The engine's asynchronous calls: {@link CacheEngine#getAsync}. */
class CacheEngineAsyncTests {

    private final FakeTicker ticker = new FakeTicker();

    private final InMemoryCacheBackend memory = InMemoryCacheBackend.builder().ticker(this.ticker).build();

    private final CacheEngine engine = CacheEngine.builder().maxWait(Duration.ofSeconds(5)).build();

    private final CacheDefinition products = definition(this.memory, false);

    private final AtomicInteger loads = new AtomicInteger();

    private final IoThreadBackend remote = new IoThreadBackend();

    @AfterEach
    void close() {
        this.engine.close();
        this.remote.close();
    }

    @Test
    void memoryHit_isAFutureThatIsAlreadyComplete() throws Exception {
        this.memory.setSync("beryl:products:1", "p1", Duration.ofSeconds(60));

        CompletableFuture<@Nullable Object> hit = this.engine.getAsync(this.products, "beryl:products:1", "unused",
                (call) -> {
                    throw new AssertionError("a hit does not call the method");
                });

        assertThat(hit.isDone()).isTrue();
        assertThat(hit.getNow("not complete")).isEqualTo("p1");
    }

    /** A key of one number finds, as a completed future, what its text stored; its miss loads under the text. */
    @Test
    void memoryHitByNumber_findsWhatItsTextStored() throws Exception {
        this.memory.setSync("beryl:products:7", "seven", Duration.ofSeconds(60));

        CompletableFuture<@Nullable Object> hit = this.engine.getAsync(this.products,
                new NumberKey("beryl:products", 7), "unused", (call) -> {
                    throw new AssertionError("a hit does not call the method");
                });
        CompletableFuture<@Nullable Object> miss = this.engine.getAsync(this.products,
                new NumberKey("beryl:products", 8), "eight", CompletableFuture::completedFuture);

        assertThat(hit.getNow("not complete")).isEqualTo("seven");
        assertThat(miss.get(1, TimeUnit.SECONDS)).isEqualTo("eight");
        assertThat(this.memory.getSync("beryl:products:8", String.class)).isEqualTo(CacheLookup.hit("eight"));
        assertThat(this.products.counters().hits()).isEqualTo(1);
        assertThat(this.products.counters().misses()).isEqualTo(1);
    }

    @Test
    void memoryMiss_storesTheValueOnceTheFutureCompletes() throws Exception {
        CompletableFuture<String> method = new CompletableFuture<>();

        CompletableFuture<@Nullable Object> first = load(this.products, "beryl:products:2", method);
        assertThat(first.isDone()).isFalse();
        assertThat(this.memory.getSync("beryl:products:2", Object.class).isHit()).isFalse();
        method.complete("p2");

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("p2");
        assertThat(this.memory.getSync("beryl:products:2", Object.class)).isEqualTo(CacheLookup.hit("p2"));
        assertThat(load(this.products, "beryl:products:2", new CompletableFuture<>()).getNow("pending"))
                .isEqualTo("p2");
        assertThat(this.loads).hasValue(1);
    }

    @Test
    void failedFuture_isNotCached_andReachesTheCallerUnwrapped() throws Exception {
        CompletableFuture<@Nullable Object> failed = load(this.products, "beryl:products:3",
                CompletableFuture.failedFuture(new IOException("disk on fire")));

        assertThat(failed).isCompletedExceptionally();
        Throwable thrown = catchFailure(failed);
        assertThat(thrown).isInstanceOf(IOException.class).hasMessage("disk on fire");
        assertThat(this.memory.getSync("beryl:products:3", Object.class).isHit()).isFalse();
        assertThat(load(this.products, "beryl:products:3", CompletableFuture.completedFuture("p3")).get(5, TimeUnit.SECONDS))
                .isEqualTo("p3");
        assertThat(this.loads).hasValue(2);
    }

    @Test
    void methodThatThrows_insteadOfReturningAFuture_failsTheFuture() {
        CompletableFuture<@Nullable Object> failed = this.engine.getAsync(this.products, "beryl:products:4", "x",
                (call) -> {
                    throw new IllegalArgumentException("bad id");
                });

        assertThat(catchFailure(failed)).isInstanceOf(IllegalArgumentException.class).hasMessage("bad id");
    }

    @Test
    void nullValue_isNotStored_unlessCacheNull() throws Exception {
        load(this.products, "beryl:products:5", CompletableFuture.completedFuture(null)).get(5, TimeUnit.SECONDS);
        assertThat(this.memory.getSync("beryl:products:5", Object.class).isHit()).isFalse();

        load(definition(this.memory, true), "beryl:products:5", CompletableFuture.completedFuture(null)).get(5, TimeUnit.SECONDS);
        assertThat(this.memory.getSync("beryl:products:5", Object.class)).isEqualTo(CacheLookup.hit(null));
    }

    @Test
    void twentyConcurrentColdCalls_fromOneThread_shareOneCallOfTheMethod() throws Exception {
        // As on an event loop: every call starts on the same thread while the first one's future is pending.
        CompletableFuture<String> method = new CompletableFuture<>();
        List<CompletableFuture<@Nullable Object>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(load(this.products, "beryl:products:6", method));
        }
        method.complete("p6");

        for (CompletableFuture<@Nullable Object> call : calls) {
            assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo("p6");
        }
        assertThat(this.loads).hasValue(1);
    }

    @Test
    void twentyConcurrentColdCalls_fromTwentyThreads_shareOneCallOfTheMethod() throws Exception {
        CompletableFuture<String> method = new CompletableFuture<>();
        ExecutorService callers = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<@Nullable Object>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> load(this.products, "beryl:products:7", method),
                        callers).thenCompose((call) -> call));
            }
            method.complete("p7");
            for (CompletableFuture<@Nullable Object> call : calls) {
                assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo("p7");
            }
        }
        finally {
            callers.shutdownNow();
        }
        assertThat(this.loads).hasValue(1);
    }

    @Test
    void cancelledCaller_doesNotCancelTheSharedCallForTheOthers() throws Exception {
        CompletableFuture<String> method = new CompletableFuture<>();
        CompletableFuture<@Nullable Object> first = load(this.products, "beryl:products:8", method);
        CompletableFuture<@Nullable Object> second = load(this.products, "beryl:products:8", method);

        first.cancel(true);
        second.cancel(true);
        CompletableFuture<@Nullable Object> third = load(this.products, "beryl:products:8", method);
        method.complete("p8");

        assertThat(method.isCancelled()).isFalse();
        assertThat(third.get(5, TimeUnit.SECONDS)).isEqualTo("p8");
        assertThat(this.memory.getSync("beryl:products:8", Object.class)).isEqualTo(CacheLookup.hit("p8"));
        assertThat(this.loads).hasValue(1);
    }

    @Test
    void whenTheSharedCallFails_eachWaiterCallsTheMethodItself() throws Exception {
        CompletableFuture<String> leader = new CompletableFuture<>();
        CompletableFuture<@Nullable Object> first = load(this.products, "beryl:products:9", leader);
        CompletableFuture<@Nullable Object> waiter = load(this.products, "beryl:products:9",
                CompletableFuture.completedFuture("own"));

        leader.completeExceptionally(new IOException("leader failed"));

        assertThat(catchFailure(first)).isInstanceOf(IOException.class);
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("own");
        assertThat(this.loads).hasValue(2);
    }

    @Test
    void waiter_callsTheMethodItself_afterTheLongestWait() throws Exception {
        try (CacheEngine impatient = CacheEngine.builder().maxWait(Duration.ofMillis(20)).build()) {
            CompletableFuture<String> stuck = new CompletableFuture<>();
            impatient.getAsync(this.products, "beryl:products:10", stuck, (call) -> call);

            CompletableFuture<@Nullable Object> waiter = impatient.getAsync(this.products, "beryl:products:10",
                    CompletableFuture.completedFuture("own"), (call) -> call);

            assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("own");
            assertThat(impatient.failures()).isEqualTo(1);
        }
    }

    @Test
    void callThatNeverAnswers_leavesTheKeyAfterTheLongestWait_andItsLateValueIsNotStored() throws Exception {
        try (CacheEngine impatient = CacheEngine.builder().maxWait(Duration.ofMillis(20)).build()) {
            CompletableFuture<String> stuck = new CompletableFuture<>();
            CompletableFuture<@Nullable Object> first = impatient.getAsync(this.products, "beryl:products:18", stuck,
                    (call) -> call);
            // A waiter gives up after the longest wait and calls the method itself; by then the stuck call has left.
            assertThat(impatient.getAsync(this.products, "beryl:products:18", CompletableFuture.completedFuture("own"),
                    (call) -> call).get(5, TimeUnit.SECONDS)).isEqualTo("own");
            impatient.invalidate(this.products, "beryl:products:18");

            CompletableFuture<String> fresh = new CompletableFuture<>();
            CompletableFuture<@Nullable Object> next = impatient.getAsync(this.products, "beryl:products:18", fresh,
                    (call) -> call);
            stuck.complete("late");
            fresh.complete("fresh");

            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("late");
            assertThat(next.get(5, TimeUnit.SECONDS)).as("a flight of its own, not the stuck one").isEqualTo("fresh");
            assertThat(this.memory.getSync("beryl:products:18", Object.class)).isEqualTo(CacheLookup.hit("fresh"));
        }
    }

    @Test
    void invalidationDuringTheCall_keepsItsValueOutOfTheCache() throws Exception {
        CompletableFuture<String> method = new CompletableFuture<>();
        CompletableFuture<@Nullable Object> call = load(this.products, "beryl:products:11", method);

        this.engine.invalidate(this.products, "beryl:products:11");
        method.complete("old");

        assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo("old");
        assertThat(this.memory.getSync("beryl:products:11", Object.class).isHit()).isFalse();
    }

    @Test
    void methodThatAsksForItsOwnKey_whileItIsCalled_doesNotWaitForItself() throws Exception {
        CompletableFuture<@Nullable Object> outer = this.engine.getAsync(this.products, "beryl:products:12", "outer",
                (call) -> this.engine.getAsync(this.products, "beryl:products:12", "inner",
                        (inner) -> CompletableFuture.completedFuture(inner))
                        .thenApply((inner) -> call + "+" + inner));

        assertThat(outer.get(5, TimeUnit.SECONDS)).isEqualTo("outer+inner");
    }

    @Test
    void remoteHit_completesOffTheBackendsIoThread() throws Exception {
        CacheDefinition onRemote = definition(this.remote, false);
        this.remote.values.put("beryl:products:13", "p13");

        AtomicReference<String> continuedOn = new AtomicReference<>();
        CompletableFuture<@Nullable Object> hit = this.engine.getAsync(onRemote, "beryl:products:13", "x",
                (call) -> CompletableFuture.completedFuture("loaded"));
        String value = (String) hit.thenApply((found) -> {
            continuedOn.set(Thread.currentThread().getName());
            return found;
        }).get(5, TimeUnit.SECONDS);

        assertThat(value).isEqualTo("p13");
        assertThat(continuedOn.get()).doesNotStartWith("fake-io");
    }

    @Test
    void remoteMiss_callsTheMethodOffTheIoThread_andStores() throws Exception {
        CacheDefinition onRemote = definition(this.remote, false);
        AtomicReference<String> calledOn = new AtomicReference<>();

        Object value = this.engine.getAsync(onRemote, "beryl:products:14", "x", (call) -> {
            calledOn.set(Thread.currentThread().getName());
            return CompletableFuture.completedFuture("p14");
        }).get(5, TimeUnit.SECONDS);

        assertThat(value).isEqualTo("p14");
        assertThat(calledOn.get()).startsWith("beryl-async-");
        assertThat(this.remote.values).containsEntry("beryl:products:14", "p14");
    }

    @Test
    void backendThatDoesNotAnswer_isAMissWithinItsTimeout_andTheMethodStillAnswers() throws Exception {
        this.remote.hang = true;
        CacheDefinition onRemote = definition(this.remote, false);

        Object value = this.engine.getAsync(onRemote, "beryl:products:15", "x",
                (call) -> CompletableFuture.completedFuture("p15")).get(5, TimeUnit.SECONDS);

        assertThat(value).isEqualTo("p15");
        assertThat(this.engine.failures()).isEqualTo(1);
        assertThat(this.remote.values).doesNotContainKey("beryl:products:15");
    }

    @Test
    void failingBackend_withFailOpenOff_failsTheFutureWithTheBackendsFailure() {
        try (CacheEngine strict = CacheEngine.builder().failOpen(false).build()) {
            this.remote.broken = true;
            CompletableFuture<@Nullable Object> call = strict.getAsync(definition(this.remote, false),
                    "beryl:products:16", "x", (ignored) -> CompletableFuture.completedFuture("p16"));

            assertThat(catchFailure(call)).isInstanceOf(IllegalStateException.class).hasMessage("connection refused");
        }
    }

    @Test
    void privateResult_isNeitherStoredNorHandedToWaiters() throws Exception {
        CompletableFuture<String> leaderValue = new CompletableFuture<>();
        AsyncMissHandler<String> privately = new AsyncMissHandler<>() {

            @Override
            public CompletableFuture<String> load(String caller) {
                CacheEngineAsyncTests.this.loads.incrementAndGet();
                return caller.equals("leader") ? leaderValue : CompletableFuture.completedFuture("for " + caller);
            }

            @Override
            public boolean shareable(String caller, @Nullable Object result) {
                return false;
            }
        };
        CompletableFuture<@Nullable Object> leader = this.engine.getAsync(this.products, "beryl:products:18",
                "leader", privately);
        CompletableFuture<@Nullable Object> waiter = this.engine.getAsync(this.products, "beryl:products:18",
                "waiter", privately);
        assertThat(waiter).isNotDone();
        leaderValue.complete("for leader");

        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("for leader");
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("for waiter");
        assertThat(this.loads).hasValue(2);
        assertThat(this.memory.getSync("beryl:products:18", Object.class).isHit()).isFalse();
    }

    @Test
    void tagsOfTheResult_areStoredWithIt() throws Exception {
        Set<String> tags = Set.of("beryl::tag:product:17");
        this.engine.getAsync(this.products, "beryl:products:17", "p17", new AsyncMissHandler<String>() {

            @Override
            public CompletableFuture<String> load(String call) {
                return CompletableFuture.completedFuture(call);
            }

            @Override
            public Set<String> tagsFor(String call, @Nullable Object result) {
                return tags;
            }
        }).get(5, TimeUnit.SECONDS);

        this.engine.invalidateTag("test", this.memory, "beryl::tag:product:17");

        assertThat(this.memory.getSync("beryl:products:17", Object.class).isHit()).isFalse();
    }

    private CompletableFuture<@Nullable Object> load(CacheDefinition cache, String key,
            CompletableFuture<?> method) {
        return this.engine.getAsync(cache, key, method, (call) -> {
            this.loads.incrementAndGet();
            return call;
        });
    }

    private static Throwable catchFailure(CompletableFuture<?> future) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        assertThatExceptionOfType(Exception.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS));
        future.whenComplete((value, thrown) -> failure.set(thrown));
        return failure.get();
    }

    private static CacheDefinition definition(CacheBackend backend, boolean cacheNull) {
        return new CacheDefinition("products", "beryl:products", "test", backend, Duration.ofSeconds(60),
                Object.class, cacheNull);
    }

    /**
     * A backend that bounds its own operations and completes their futures on an I/O thread of its own
     * ({@code fake-io}), as Lettuce does on its event loops; it can hang or fail.
     */
    private static final class IoThreadBackend implements CacheBackend {

        final Map<String, Object> values = new ConcurrentHashMap<>();

        private final ExecutorService io = Executors.newSingleThreadExecutor((task) -> new Thread(task, "fake-io"));

        volatile boolean hang;

        volatile boolean broken;

        @Override
        public CompletableFuture<CacheLookup> get(String key, Type valueType) {
            if (this.hang) {
                return new CompletableFuture<>();
            }
            return CompletableFuture.supplyAsync(() -> {
                if (this.broken) {
                    throw new IllegalStateException("connection refused");
                }
                Object value = this.values.get(key);
                return (value != null) ? CacheLookup.hit(value) : CacheLookup.miss();
            }, this.io);
        }

        @Override
        public CompletableFuture<Void> set(String key, @Nullable Object value, Duration ttl) {
            return CompletableFuture.runAsync(() -> this.values.put(key, value), this.io);
        }

        @Override
        public CompletableFuture<Void> delete(String key) {
            return CompletableFuture.runAsync(() -> this.values.remove(key), this.io);
        }

        @Override
        public Duration ownTimeout() {
            return Duration.ofMillis(100);
        }

        void close() {
            this.io.shutdownNow();
        }
    }
}
