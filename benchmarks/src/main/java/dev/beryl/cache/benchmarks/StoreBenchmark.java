package dev.beryl.cache.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.beryl.cache.memory.InMemoryCacheBackend;

/**
 * Group 4, the in-memory store alone: Beryl's backend against raw Caffeine (fixed and variable expiry) and a
 * {@code ConcurrentHashMap}, with Zipf-distributed keys over 20,000 (twice the bound of 10,000), read-only and
 * 75/25 read/write, each with the key strings the store was filled with and with equal copies of them. Run once with
 * {@code -t 1} and once with {@code -t 2}.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar StoreBenchmark -t 2}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreBenchmark {

    static final int KEYS = 20_000;

    static final int MASK = (1 << 16) - 1;

    private static final Duration TTL = Duration.ofMinutes(10);

    @Param({ "beryl", "caffeineFixed", "caffeineVariable", "concurrentHashMap" })
    public String impl;

    /**
     * The strings that reads and writes give: {@code same}, the very instances the store was filled with, which a
     * map of strings matches by identity without reading their chars; {@code copies}, equal strings with chars of
     * their own (their hashes cached), as a caller that builds its key again gives.
     */
    @Param({ "same", "copies" })
    public String lookups;

    private Store store;

    private final String[] keys = new String[KEYS];

    /** The strings that reads and writes give, see {@link #lookups}. */
    private final String[] given = new String[KEYS];

    /** Key indices drawn from a Zipf distribution (exponent 1), so a few keys are hot and most are cold. */
    private final int[] order = new int[MASK + 1];

    @Setup
    public void setUp() {
        for (int i = 0; i < KEYS; i++) {
            this.keys[i] = "beryl:products:" + i;
        }
        zipf(this.order, new Random(42));
        this.store = switch (this.impl) {
            case "beryl" -> beryl();
            case "caffeineFixed" -> caffeine(Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TTL).build());
            case "caffeineVariable" -> caffeine(Caffeine.newBuilder().maximumSize(10_000)
                    .expireAfter(Expiry.writing((Object key, Object value) -> TTL)).build());
            case "concurrentHashMap" -> map(new ConcurrentHashMap<>());
            default -> throw new IllegalArgumentException(this.impl);
        };
        for (int i = 0; i < KEYS; i++) {
            this.store.put(this.keys[i], i);
            this.given[i] = this.lookups.equals("same") ? this.keys[i] : new String(this.keys[i].toCharArray());
            this.given[i].hashCode();
        }
    }

    @State(Scope.Thread)
    public static class Cursor {

        int next = new Random().nextInt();
    }

    @Benchmark
    public Object read(Cursor cursor) {
        return this.store.get(this.given[this.order[cursor.next++ & MASK]]);
    }

    @Benchmark
    public Object readWrite(Cursor cursor) {
        int step = cursor.next++;
        String key = this.given[this.order[step & MASK]];
        if ((step & 3) == 0) {
            this.store.put(key, step);
            return key;
        }
        return this.store.get(key);
    }

    /** Fills {@code order} with indices of {@link #KEYS} keys drawn from a Zipf distribution (exponent 1). */
    static void zipf(int[] order, Random random) {
        double[] cumulative = new double[KEYS];
        double sum = 0;
        for (int i = 0; i < KEYS; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        for (int i = 0; i < order.length; i++) {
            double target = random.nextDouble() * sum;
            int low = 0;
            int high = KEYS - 1;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (cumulative[middle] < target) {
                    low = middle + 1;
                }
                else {
                    high = middle;
                }
            }
            order[i] = low;
        }
    }

    private static Store beryl() {
        InMemoryCacheBackend backend = InMemoryCacheBackend.builder().maxEntries(10_000).build();
        return new Store() {

            @Override
            public Object get(String key) {
                return backend.getSync(key, Object.class);
            }

            @Override
            public void put(String key, Object value) {
                backend.setSync(key, value, TTL);
            }
        };
    }

    private static Store caffeine(Cache<String, Object> cache) {
        return new Store() {

            @Override
            public Object get(String key) {
                return cache.getIfPresent(key);
            }

            @Override
            public void put(String key, Object value) {
                cache.put(key, value);
            }
        };
    }

    private static Store map(Map<String, Object> map) {
        return new Store() {

            @Override
            public Object get(String key) {
                return map.get(key);
            }

            @Override
            public void put(String key, Object value) {
                map.put(key, value);
            }
        };
    }

    interface Store {

        Object get(String key);

        void put(String key, Object value);
    }
}
