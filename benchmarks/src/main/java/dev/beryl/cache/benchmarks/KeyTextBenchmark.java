package dev.beryl.cache.benchmarks;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.beryl.cache.internal.NumberKey;
import dev.beryl.cache.memory.InMemoryCacheBackend;

/**
 * Group 4b, where a read of the in-memory store by a key's text goes: the keys and the Zipf order of
 * {@link StoreBenchmark} (20,000 keys {@code beryl:products:{i}}, made before the run, over a bound of 10,000), read
 * one layer at a time. Caffeine holding the strings and read by them; Caffeine holding the keys as Beryl's store does
 * ({@link NumberKey}s) and read by keys made before the run, then by keys read from the text on each read; reading
 * the key from its text alone, and the JDK's {@link Long#parseLong(CharSequence, int, int, int)} of its digits alone;
 * and Beryl's store read by text. Both Caffeine caches run their upkeep on the reading thread, as the store does.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar KeyTextBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyTextBenchmark {

    private static final int KEYS = StoreBenchmark.KEYS;

    private static final int MASK = StoreBenchmark.MASK;

    /** The length of {@code beryl:products:}, where the digits start. */
    private static final int DIGITS_START = "beryl:products:".length();

    private final String[] texts = new String[KEYS];

    /** The keys of {@link #texts} as the store looks them up, made before the run. */
    private final Object[] numberKeys = new Object[KEYS];

    private final int[] order = new int[MASK + 1];

    private final Cache<Object, Object> byText = Caffeine.newBuilder().maximumSize(KEYS / 2)
            .executor(Runnable::run).build();

    private final Cache<Object, Object> byNumber = Caffeine.newBuilder().maximumSize(KEYS / 2)
            .executor(Runnable::run).build();

    private final InMemoryCacheBackend store = InMemoryCacheBackend.builder().maxEntries(KEYS / 2).build();

    @Setup
    public void setUp() {
        StoreBenchmark.zipf(this.order, new Random(42));
        NumberKey.Namespaces namespaces = new NumberKey.Namespaces();
        for (int i = 0; i < KEYS; i++) {
            String text = "beryl:products:" + i;
            this.texts[i] = text;
            this.numberKeys[i] = NumberKey.canonical(text);
            this.byText.put(text, i);
            this.byNumber.put(NumberKey.canonical(text, namespaces), i);
            this.store.setSync(text, i, Duration.ofMinutes(10));
        }
    }

    @State(Scope.Thread)
    public static class Cursor {

        int next = new Random().nextInt();

        int index() {
            return this.next++ & MASK;
        }
    }

    @Benchmark
    public Object caffeineByText(Cursor cursor) {
        return this.byText.getIfPresent(this.texts[this.order[cursor.index()]]);
    }

    @Benchmark
    public Object caffeineNumberKeys(Cursor cursor) {
        return this.byNumber.getIfPresent(this.numberKeys[this.order[cursor.index()]]);
    }

    @Benchmark
    public Object caffeineNumberKeysReadFromText(Cursor cursor) {
        return this.byNumber.getIfPresent(NumberKey.canonical(this.texts[this.order[cursor.index()]]));
    }

    @Benchmark
    public Object readKey(Cursor cursor) {
        return NumberKey.canonical(this.texts[this.order[cursor.index()]]);
    }

    @Benchmark
    public long jdkParseLong(Cursor cursor) {
        String text = this.texts[this.order[cursor.index()]];
        return Long.parseLong(text, DIGITS_START, text.length(), 10);
    }

    @Benchmark
    public Object store(Cursor cursor) {
        return this.store.getSync(this.texts[this.order[cursor.index()]], Object.class);
    }
}
