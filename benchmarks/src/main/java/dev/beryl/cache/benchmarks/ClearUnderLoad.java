package dev.beryl.cache.benchmarks;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.springframework.cache.Cache;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.cache.RedisCacheManager;

import dev.beryl.cache.redis.RedisCacheBackend;

/**
 * Group 8, clearing under load: Redis holds 100,000 unrelated keys and 1,000 keys of one cache. Reader threads
 * {@code GET} unrelated keys all along; the harness records their latencies while the 1,000 keys are written and
 * nothing is cleared (the baseline), while
 * Beryl clears the cache ({@code SCAN} + {@code UNLINK}), and while Spring's {@code RedisCacheManager} clears it with
 * its default strategy. It also reads {@code INFO commandstats} to tell whether {@code KEYS} ran. Writes JSON:
 * {@code java -cp benchmarks.jar dev.beryl.cache.benchmarks.ClearUnderLoad out.json} (with {@code BERYL_BENCH_REDIS}).
 */
public final class ClearUnderLoad {

    private static final int UNRELATED = 100_000;

    private static final int CACHED = 1_000;

    private static final int READERS = 4;

    private static final int ROUNDS = 20;

    /** How long each case runs its action over and over: {@code -Dbench.seconds}, 3 by default. */
    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("bench.seconds", 3));

    private ClearUnderLoad() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("BERYL_BENCH_REDIS", "redis://127.0.0.1:6399");
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            redis.flushall();
            fill(redis, "other:", UNRELATED);
            List<String> rows = new ArrayList<>();
            // Warm the JVM and the readers, then measure the same writes with no clear as the baseline.
            measure(url, () -> fill(redis, "warm:", CACHED));
            rows.add(row("baseline", measure(url, () -> fill(redis, "baseline:", CACHED)), 0));
            try (RedisCacheBackend beryl = RedisCacheBackend.builder().uri(url)
                    .commandTimeout(Duration.ofSeconds(5)).build()) {
                long keysBefore = keysCalls(redis);
                rows.add(row("beryl", measure(url, () -> {
                    fill(redis, "beryl:products:", CACHED);
                    beryl.clear("beryl:products").join();
                }), keysCalls(redis) - keysBefore));
            }
            URI uri = URI.create(url);
            try (ConfigurableApplicationContext spring = Contexts.springRedis(uri.getHost(), uri.getPort())) {
                Cache products = spring.getBean(RedisCacheManager.class).getCache("products");
                long keysBefore = keysCalls(redis);
                rows.add(row("springRedisCacheManager", measure(url, () -> {
                    fill(redis, "products::", CACHED);
                    products.clear();
                }), keysCalls(redis) - keysBefore));
            }
            Files.writeString(Path.of(args[0]), "[" + String.join(",", rows) + "]");
        }
        finally {
            client.shutdown();
        }
    }

    /** Latencies of the readers' GETs, in microseconds, while {@code action} runs again and again. */
    private static long[] measure(String url, Runnable action) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        List<long[]> samples = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(READERS);
        for (int r = 0; r < READERS; r++) {
            long[] latencies = new long[2_000_000];
            samples.add(latencies);
            int seed = r;
            Thread reader = new Thread(() -> {
                RedisClient readerClient = RedisClient.create(url);
                try (StatefulRedisConnection<String, String> connection = readerClient.connect()) {
                    RedisCommands<String, String> redis = connection.sync();
                    int n = 0;
                    ready.countDown();
                    while (running.get() && n < latencies.length - 1) {
                        long started = System.nanoTime();
                        redis.get("other:" + ((n * 7919L + seed) % UNRELATED));
                        latencies[++n] = (System.nanoTime() - started) / 1_000;
                    }
                    latencies[0] = n;
                }
                finally {
                    readerClient.shutdown();
                }
            });
            readers.add(reader);
            reader.start();
        }
        ready.await();
        long until = System.nanoTime() + DURATION.toNanos();
        for (int round = 0; round < ROUNDS || System.nanoTime() < until; round++) {
            action.run();
        }
        running.set(false);
        for (Thread reader : readers) {
            reader.join();
        }
        int total = samples.stream().mapToInt((s) -> (int) s[0]).sum();
        long[] all = new long[total];
        int at = 0;
        for (long[] s : samples) {
            System.arraycopy(s, 1, all, at, (int) s[0]);
            at += (int) s[0];
        }
        Arrays.sort(all);
        return all;
    }

    private static String row(String name, long[] latencies, long keysCalls) {
        return String.format(Locale.ROOT, "{\"case\":\"%s\",\"gets\":%d,\"p50Micros\":%d,\"p99Micros\":%d,"
                + "\"maxMicros\":%d,\"keysCommands\":%d}", name, latencies.length, percentile(latencies, 0.50),
                percentile(latencies, 0.99), latencies[latencies.length - 1], keysCalls);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void fill(RedisCommands<String, String> redis, String prefix, int count) {
        java.util.Map<String, String> batch = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            batch.put(prefix + i, "{\"id\":" + i + "}");
            if (batch.size() == 1_000) {
                redis.mset(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            redis.mset(batch);
        }
    }

    private static long keysCalls(RedisCommands<String, String> redis) {
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_keys:calls=")) {
                return Long.parseLong(line.substring("cmdstat_keys:calls=".length(), line.indexOf(',')));
            }
        }
        return 0;
    }
}
