package dev.beryl.cache.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.ObjectName;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.ConfigurableApplicationContext;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.memory.InMemoryCacheBackend;

/**
 * Heap per cached entry: 200,000 distinct {@code long} ids, each cached with a small string value through an
 * annotated method (the path users take), for Beryl in memory ({@code @Cached(ttl = "60s")}, default name), Spring's
 * {@code @Cacheable} with {@code CaffeineCacheManager} (expire after write, 60 s), raw Caffeine with the same
 * policy, and raw Caffeine holding Beryl's string keys with per-entry expiry (what the string-keyed backend SPI
 * costs before Beryl adds anything). Every store is bounded to 250,000 entries, so that none evicts.
 * <p>
 * Each subject runs in a JVM of its own, started with this one's options: the used heap is read after full
 * collections, once the collections stop changing it, before and after the fill; the difference divided by the
 * number of entries is written as JSON. With {@code -Dheap.histogram=true}, each JVM also prints to standard error
 * the classes whose instances grew, in bytes per entry (class histograms before and after the fill).
 * <p>
 * Run with the serial collector, whose used heap after a full collection is what the live objects take; G1 counts
 * the two large arrays of each store (the hash table and Caffeine's frequency sketch) in whole regions, about 20 B
 * an entry more for every store, depending on the heap's size:
 * {@code java -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar dev.beryl.cache.benchmarks.HeapPerEntry
 * target/heap.json}
 */
public final class HeapPerEntry {

    static final int ENTRIES = 200_000;

    private static final long BOUND = 250_000;

    private static final Duration TTL = Duration.ofSeconds(60);

    private static final List<String> SUBJECTS = List.of("beryl", "springCaffeine", "caffeine", "caffeineStringKeys");

    /** The key Beryl makes for {@link Products#name} and an id: the prefix, the default name, the id. */
    private static final String KEY_PREFIX = "beryl:Products.name:";

    private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    private HeapPerEntry() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--subject")) {
            System.out.println(measure(args[1]));
            return;
        }
        List<String> rows = new ArrayList<>();
        for (String subject : SUBJECTS) {
            String row = inFreshJvm(subject);
            System.out.println(row);
            rows.add(row);
        }
        Files.writeString(Path.of(args[0]), "[" + String.join(",", rows) + "]");
    }

    /** Runs one subject in a new JVM with this JVM's options and returns the line it prints. */
    private static String inFreshJvm(String subject) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HeapPerEntry.class.getName(),
                "--subject", subject));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String last = null;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                last = line;
            }
        }
        if (process.waitFor() != 0 || last == null) {
            throw new IllegalStateException(subject + " failed with exit code " + process.exitValue());
        }
        return last;
    }

    /** Fills one subject and returns its JSON row. */
    private static String measure(String subject) throws Exception {
        Subject measured = switch (subject) {
            case "beryl" -> beryl();
            case "springCaffeine" -> springCaffeine();
            case "caffeine" -> caffeine();
            case "caffeineStringKeys" -> caffeineStringKeys();
            default -> throw new IllegalArgumentException(subject);
        };
        // One entry outside the measured ids, before the first reading: what the first call sets up is not counted.
        measured.call().apply(-1);
        boolean histogram = Boolean.getBoolean("heap.histogram");
        Map<String, long[]> before = histogram ? histogram() : Map.of();
        long usedBefore = settledUsedHeap();
        for (long id = 0; id < ENTRIES; id++) {
            measured.call().apply(id);
        }
        long usedAfter = settledUsedHeap();
        long size = measured.size().getAsLong();
        if (size != ENTRIES + 1) {
            throw new IllegalStateException(subject + " holds " + size + " entries, not " + (ENTRIES + 1));
        }
        if (histogram) {
            printGrowth(subject, before, histogram());
        }
        Reference.reachabilityFence(measured);
        ConfigurableApplicationContext context = measured.context();
        if (context != null) {
            context.close();
        }
        return String.format(Locale.ROOT, "{\"impl\":\"%s\",\"entries\":%d,\"usedBefore\":%d,\"usedAfter\":%d,"
                + "\"bytesPerEntry\":%.1f}", subject, ENTRIES, usedBefore, usedAfter,
                (usedAfter - usedBefore) / (double) ENTRIES);
    }

    private static Subject beryl() {
        ConfigurableApplicationContext context = Contexts.beryl(Map.of("beryl.cache.memory.max-entries", BOUND),
                Products.class);
        Products products = context.getBean(Products.class);
        InMemoryCacheBackend backend = context.getBean(InMemoryCacheBackend.class);
        products.name(-2);
        if (!backend.getSync(KEY_PREFIX + "-2", String.class).isHit()) {
            throw new IllegalStateException("Beryl's key is not " + KEY_PREFIX + "{id}");
        }
        backend.deleteSync(KEY_PREFIX + "-2");
        return new Subject(context, products::name, backend::estimatedSize);
    }

    private static Subject springCaffeine() {
        ConfigurableApplicationContext context = Contexts.springCaffeine(BOUND, SpringProducts.class);
        SpringProducts products = context.getBean(SpringProducts.class);
        org.springframework.cache.Cache cache = context.getBean(CacheManager.class).getCache("products");
        @SuppressWarnings("unchecked")
        Cache<Object, Object> caffeine = (Cache<Object, Object>) cache.getNativeCache();
        return new Subject(context, products::name, () -> {
            caffeine.cleanUp();
            return caffeine.estimatedSize();
        });
    }

    private static Subject caffeine() {
        Cache<Long, String> cache = Caffeine.newBuilder().maximumSize(BOUND).expireAfterWrite(TTL).build();
        return new Subject(null, (id) -> cache.get(id, Products::value), () -> {
            cache.cleanUp();
            return cache.estimatedSize();
        });
    }

    private static Subject caffeineStringKeys() {
        Cache<String, String> cache = Caffeine.newBuilder().maximumSize(BOUND)
                .expireAfter(Expiry.writing((String key, String value) -> TTL)).build();
        return new Subject(null, (id) -> cache.get(KEY_PREFIX + id, (key) -> Products.value(id)), () -> {
            cache.cleanUp();
            return cache.estimatedSize();
        });
    }

    /**
     * The used heap after full collections, once two in a row find the same amount within 64 KB (0.3 B an entry).
     */
    private static long settledUsedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = -1;
        for (int i = 0; i < 20; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (i >= 2 && Math.abs(used - previous) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    /** Instances and bytes by class, from the JVM's class histogram (which collects first). */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] { new String[0] }, new String[] { String[].class.getName() });
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher matcher = HISTOGRAM_LINE.matcher(line);
            if (matcher.find()) {
                classes.merge(matcher.group(3), new long[] { Long.parseLong(matcher.group(1)),
                        Long.parseLong(matcher.group(2)) }, (a, b) -> new long[] { a[0] + b[0], a[1] + b[1] });
            }
        }
        return classes;
    }

    private static void printGrowth(String subject, Map<String, long[]> before, Map<String, long[]> after) {
        System.err.printf(Locale.ROOT, "%s: growth per entry by class%n", subject);
        after.entrySet().stream()
                .map((e) -> Map.entry(e.getKey(), new long[] {
                        e.getValue()[0] - before.getOrDefault(e.getKey(), new long[2])[0],
                        e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1] }))
                .filter((e) -> e.getValue()[1] >= ENTRIES)
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
                .forEach((e) -> System.err.printf(Locale.ROOT, "  %8.1f B  %6.2f instances  %s%n",
                        e.getValue()[1] / (double) ENTRIES, e.getValue()[0] / (double) ENTRIES, e.getKey()));
    }

    /** One store being filled: its context (if any), one call that caches an id, and its number of entries. */
    private record Subject(@Nullable ConfigurableApplicationContext context, LongFunction<String> call,
            LongSupplier size) {
    }

    /** Beryl's cached method, with the default name {@code Products.name}. */
    public static class Products {

        @Cached(ttl = "60s")
        public String name(long id) {
            return value(id);
        }

        static String value(long id) {
            return "product-" + id;
        }
    }

    /** The same method cached by Spring. */
    public static class SpringProducts {

        @Cacheable("products")
        public String name(long id) {
            return Products.value(id);
        }
    }
}
