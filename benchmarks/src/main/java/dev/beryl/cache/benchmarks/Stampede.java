package dev.beryl.cache.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import dev.beryl.cache.annotation.Cached;

/**
 * Group 7, the stampede: 64 threads miss at once, on one key and on 64 distinct keys, with a 20 ms loader. Counts
 * loader calls and the time until every caller has its answer, for Beryl (in memory) and Spring's
 * {@code @Cacheable(sync = true)} with ConcurrentMap and Caffeine. Not a JMH benchmark: it measures behaviour, five
 * rounds each, and writes JSON: {@code java -cp benchmarks.jar dev.beryl.cache.benchmarks.Stampede out.json}.
 */
public final class Stampede {

    private static final int CALLERS = 64;

    private static final Duration LOADER = Duration.ofMillis(20);

    private Stampede() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String impl : List.of("beryl", "springConcurrentMapSync", "springCaffeineSync")) {
            for (boolean oneKey : List.of(true, false)) {
                rows.add(run(impl, oneKey));
            }
        }
        Files.writeString(Path.of(args[0]), "[" + String.join(",", rows) + "]");
    }

    private static String run(String impl, boolean oneKey) throws Exception {
        ConfigurableApplicationContext context = switch (impl) {
            case "beryl" -> Contexts.beryl(java.util.Map.of());
            case "springConcurrentMapSync" -> spring(Contexts.ConcurrentMapConfiguration.class);
            default -> spring(Contexts.CaffeineConfiguration.class);
        };
        try (context) {
            Loader loader = context.getBean(Loader.class);
            ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
            long worst = 0;
            int maxLoads = 0;
            try {
                for (int round = 0; round < 5; round++) {
                    loader.reset();
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<?>> calls = new ArrayList<>();
                    for (int i = 0; i < CALLERS; i++) {
                        long key = round * 1000L + (oneKey ? 0 : i);
                        calls.add(pool.submit(() -> {
                            start.await();
                            return loader.load(key);
                        }));
                    }
                    long started = System.nanoTime();
                    start.countDown();
                    for (Future<?> call : calls) {
                        call.get();
                    }
                    worst = Math.max(worst, System.nanoTime() - started);
                    maxLoads = Math.max(maxLoads, loader.loads());
                }
            }
            finally {
                pool.shutdownNow();
            }
            return "{\"impl\":\"" + impl + "\",\"keys\":" + (oneKey ? 1 : CALLERS) + ",\"loaderCalls\":" + maxLoads
                    + ",\"expectedLoaderCalls\":" + (oneKey ? 1 : CALLERS) + ",\"worstMillis\":"
                    + String.format(java.util.Locale.ROOT, "%.1f", worst / 1e6) + ",\"loaderMillis\":"
                    + LOADER.toMillis() + "}";
        }
    }

    private static ConfigurableApplicationContext spring(Class<?> configuration) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.register(configuration);
        context.registerBean(Loader.class, SpringLoader::new);
        context.refresh();
        return context;
    }

    /** A loader that takes 20 ms, as a database query might. */
    public static class Loader {

        final AtomicInteger loads = new AtomicInteger();

        /** Through methods, not the field: callers hold a proxy, whose own fields are empty. */
        public void reset() {
            this.loads.set(0);
        }

        public int loads() {
            return this.loads.get();
        }

        @Cached(name = "stampede")
        public String load(long key) throws InterruptedException {
            this.loads.incrementAndGet();
            Thread.sleep(LOADER.toMillis());
            return "value-" + key;
        }
    }

    /** The same loader for Spring, whose {@code sync = true} makes concurrent misses wait for one load. */
    public static class SpringLoader extends Loader {

        @Override
        @Cacheable(cacheNames = "stampede", sync = true)
        public String load(long key) throws InterruptedException {
            this.loads.incrementAndGet();
            Thread.sleep(LOADER.toMillis());
            return "value-" + key;
        }
    }
}
