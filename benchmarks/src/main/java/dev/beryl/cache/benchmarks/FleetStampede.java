package dev.beryl.cache.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.annotation.SingleFlight;

/**
 * Group 7, the stampede across two instances: two application contexts with Beryl's auto-configuration share one
 * Redis, and 64 cold calls start at once, 32 on each, against a 50 ms loader with {@code singleFlight = LOCAL} and
 * with {@code GLOBAL}. On one key (all 64 callers) and on 32 keys (each key called once on each instance, so that
 * with {@code GLOBAL} every caller of the instance that did not load polls Redis itself). Counts the loader calls
 * per key and the time until every caller has its answer; for the callers that waited for another's load (those of
 * the other instance apart), their latency and how long after the end of that load they had its value; when the
 * first load started; and the commands Redis ran in a round ({@code INFO stats}, commands inside scripts included).
 * Three warm-up rounds, then ten rounds, each on fresh keys, the four cases in turn within each round so that a
 * noisy moment of a shared machine does not fall on one case alone. Writes JSON:
 * {@code java -cp benchmarks.jar dev.beryl.cache.benchmarks.FleetStampede redis://127.0.0.1:PORT out.json}.
 */
public final class FleetStampede {

    private static final int CALLERS = 64;

    private static final int WARM_UP_ROUNDS = 3;

    private static final int ROUNDS = 10;

    private static final Duration LOADER = Duration.ofMillis(50);

    /** Set on the thread that ran the loader, so that its caller knows it did not wait. */
    private static final ThreadLocal<Boolean> LOADED_HERE = ThreadLocal.withInitial(() -> false);

    private FleetStampede() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Map<String, Object> properties = Map.of("beryl.cache.default-backend", "redis", "beryl.cache.redis.url", url);
        List<Case> cases = List.of(new Case(SingleFlight.LOCAL, 1), new Case(SingleFlight.LOCAL, CALLERS / 2),
                new Case(SingleFlight.GLOBAL, 1), new Case(SingleFlight.GLOBAL, CALLERS / 2));
        RedisClient client = RedisClient.create(url);
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try (StatefulRedisConnection<String, String> connection = client.connect();
                ConfigurableApplicationContext first = Contexts.beryl(properties, FleetLoader.class);
                ConfigurableApplicationContext second = Contexts.beryl(properties, FleetLoader.class)) {
            List<FleetLoader> instances = List.of(first.getBean(FleetLoader.class),
                    second.getBean(FleetLoader.class));
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
                for (Case measured : cases) {
                    measured.round(run + ":" + round, round >= 0, instances, pool, connection.sync());
                }
            }
        }
        finally {
            pool.shutdownNow();
            client.shutdown();
        }
        Files.writeString(Path.of(args[1]),
                "[" + String.join(",", cases.stream().map(Case::json).toList()) + "]");
    }

    /** One case, its single flight and its number of keys, with what its measured rounds saw. */
    private static final class Case {

        private final SingleFlight mode;

        private final int keys;

        private final List<Integer> loadsPerKey = new ArrayList<>();

        private final List<Long> allAnswered = new ArrayList<>();

        private final List<Long> firstLoadStarted = new ArrayList<>();

        private final List<Long> waiters = new ArrayList<>();

        private final List<Long> afterLoad = new ArrayList<>();

        private final List<Long> otherInstanceWaiters = new ArrayList<>();

        private final List<Long> otherInstanceAfterLoad = new ArrayList<>();

        private long commands;

        Case(SingleFlight mode, int keys) {
            this.mode = mode;
            this.keys = keys;
        }

        /** 64 callers released at once, alternately on the first and the second instance, on fresh keys. */
        void round(String round, boolean measured, List<FleetLoader> instances, ExecutorService pool,
                RedisCommands<String, String> redis) throws Exception {
            String prefix = this.mode + ":" + this.keys + ":" + round;
            long commandsBefore = commandsProcessed(redis);
            CountDownLatch start = new CountDownLatch(1);
            long[] started = new long[1];
            List<Future<Call>> futures = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                int instance = i % 2;
                String key = prefix + ":" + (i / 2) % this.keys;
                FleetLoader loader = instances.get(instance);
                futures.add(pool.submit(() -> {
                    start.await();
                    LOADED_HERE.set(false);
                    String value = (this.mode == SingleFlight.GLOBAL) ? loader.global(key) : loader.local(key);
                    long nanos = System.nanoTime() - started[0];
                    if (!value.equals("value-" + key)) {
                        throw new IllegalStateException("wrong value for " + key + ": " + value);
                    }
                    return new Call(key, instance, LOADED_HERE.get(), nanos);
                }));
            }
            started[0] = System.nanoTime();
            start.countDown();
            List<Call> calls = new ArrayList<>();
            for (Future<Call> future : futures) {
                // Bounded: a call lost in a round fails the benchmark rather than hanging it.
                calls.add(future.get(60, TimeUnit.SECONDS));
            }
            // Less the INFO that read the count before the round.
            long roundCommands = commandsProcessed(redis) - commandsBefore - 1;
            if (measured) {
                record(prefix, started[0], calls, instances, roundCommands);
            }
        }

        private void record(String prefix, long started, List<Call> calls, List<FleetLoader> instances,
                long roundCommands) {
            this.commands += roundCommands;
            long first = Long.MAX_VALUE;
            for (int k = 0; k < this.keys; k++) {
                String key = prefix + ":" + k;
                this.loadsPerKey.add(instances.get(0).loads(key) + instances.get(1).loads(key));
                for (FleetLoader instance : instances) {
                    long[] times = instance.times(key);
                    if (times != null) {
                        first = Math.min(first, times[0] - started);
                    }
                }
            }
            this.firstLoadStarted.add(first);
            long last = 0;
            for (Call call : calls) {
                last = Math.max(last, call.nanos);
                if (call.loaded) {
                    continue;
                }
                this.waiters.add(call.nanos);
                // The load this caller waited for: its own instance's, else the other's.
                long[] own = instances.get(call.instance).times(call.key);
                long[] load = (own != null) ? own : instances.get(1 - call.instance).times(call.key);
                long loaded = (load != null) ? load[1] - started : 0;
                this.afterLoad.add(call.nanos - loaded);
                if (own == null) {
                    this.otherInstanceWaiters.add(call.nanos);
                    this.otherInstanceAfterLoad.add(call.nanos - loaded);
                }
            }
            this.allAnswered.add(last);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"singleFlight\":\"%s\",\"keys\":%d,\"callers\":%d,\"rounds\":%d,"
                    + "\"loaderMillis\":%d,\"loadsPerKeyMin\":%d,\"loadsPerKeyMax\":%d,\"loadsPerKeyMean\":%.2f,"
                    + "\"expectedLoadsPerKey\":%d,\"allAnsweredMedianMillis\":%s,\"allAnsweredWorstMillis\":%s,"
                    + "\"firstLoadStartedMedianMillis\":%s,\"waiters\":%d,\"waiterP50Millis\":%s,"
                    + "\"waiterMaxMillis\":%s,\"waiterAfterLoadP50Millis\":%s,\"waiterAfterLoadMaxMillis\":%s,"
                    + "\"otherInstanceWaiters\":%d,\"otherInstanceWaiterP50Millis\":%s,"
                    + "\"otherInstanceWaiterMaxMillis\":%s,\"otherInstanceAfterLoadP50Millis\":%s,"
                    + "\"otherInstanceAfterLoadMaxMillis\":%s,\"redisCommandsPerRound\":%.1f}",
                    this.mode, this.keys, CALLERS, ROUNDS, LOADER.toMillis(),
                    this.loadsPerKey.stream().mapToInt(Integer::intValue).min().orElse(0),
                    this.loadsPerKey.stream().mapToInt(Integer::intValue).max().orElse(0),
                    this.loadsPerKey.stream().mapToInt(Integer::intValue).average().orElse(0),
                    (this.mode == SingleFlight.GLOBAL) ? 1 : 2, millis(this.allAnswered, 0.5),
                    millis(this.allAnswered, 1.0), millis(this.firstLoadStarted, 0.5), this.waiters.size(),
                    millis(this.waiters, 0.5), millis(this.waiters, 1.0), millis(this.afterLoad, 0.5),
                    millis(this.afterLoad, 1.0), this.otherInstanceWaiters.size(),
                    millis(this.otherInstanceWaiters, 0.5), millis(this.otherInstanceWaiters, 1.0),
                    millis(this.otherInstanceAfterLoad, 0.5), millis(this.otherInstanceAfterLoad, 1.0),
                    this.commands / (double) ROUNDS);
        }
    }

    private static long commandsProcessed(RedisCommands<String, String> redis) {
        for (String line : redis.info("stats").split("\r?\n")) {
            if (line.startsWith("total_commands_processed:")) {
                return Long.parseLong(line.substring("total_commands_processed:".length()).trim());
            }
        }
        return 0;
    }

    /** A percentile of nanosecond values, in milliseconds as JSON, or null when there are none. */
    private static String millis(List<Long> values, double p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return "null";
        }
        long value = sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
        return String.format(Locale.ROOT, "%.1f", value / 1e6);
    }

    /** What one caller saw: its key, its instance, whether it ran the loader, and when it had its answer. */
    private record Call(String key, int instance, boolean loaded, long nanos) {
    }

    /**
     * A 50 ms loader, as a slow query might be, behind both kinds of single flight; counts its calls per key and
     * remembers when its first load of each key started and ended.
     */
    public static class FleetLoader {

        private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();

        private final Map<String, long[]> times = new ConcurrentHashMap<>();

        @Cached(name = "fleetLocal", ttl = "10m", singleFlight = SingleFlight.LOCAL)
        public String local(String key) throws InterruptedException {
            return load(key);
        }

        @Cached(name = "fleetGlobal", ttl = "10m", singleFlight = SingleFlight.GLOBAL)
        public String global(String key) throws InterruptedException {
            return load(key);
        }

        /** How many times this instance ran the loader for a key; through the proxy, which delegates. */
        public int loads(String key) {
            AtomicInteger count = this.loads.get(key);
            return (count != null) ? count.get() : 0;
        }

        /** When this instance's first load of a key started and ended ({@link System#nanoTime}), or null. */
        public long @Nullable [] times(String key) {
            return this.times.get(key);
        }

        private String load(String key) throws InterruptedException {
            long started = System.nanoTime();
            this.loads.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
            LOADED_HERE.set(true);
            Thread.sleep(LOADER.toMillis());
            this.times.putIfAbsent(key, new long[] { started, System.nanoTime() });
            return "value-" + key;
        }
    }
}
