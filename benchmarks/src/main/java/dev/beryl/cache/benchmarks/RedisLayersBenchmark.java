package dev.beryl.cache.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.context.ConfigurableApplicationContext;

import dev.beryl.cache.benchmarks.Shapes.Product;
import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.internal.MissHandler;
import dev.beryl.cache.internal.NumberKey;
import dev.beryl.cache.redis.RedisCacheBackend;

/**
 * Where a Redis hit's time goes beyond raw Lettuce, layer by layer (group 6c): raw Lettuce {@code GET} and typed
 * decode ({@code lettuceRaw}, the limit, as in {@link RedisHitBenchmark}); Beryl's {@link RedisCacheBackend} read
 * directly ({@code backend}: the breaker, the deadline, the codec); the engine's call over that backend
 * ({@code engine}: the key's text, the budget, the counters); and the whole {@code @Cached} call through the Spring
 * proxy ({@code beryl}). Each layer reads its own key, with the 100 B value of {@link RedisHitBenchmark}. Run with
 * {@code -t 1} and {@code -t 16} against the server of {@code BERYL_BENCH_REDIS}, with Redis's warm-up (see
 * {@code benchmarks/run.sh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RedisLayersBenchmark {

    private static final int SIZE = 100;

    private static final Duration TTL = Duration.ofMinutes(30);

    private static final MissHandler<Long> NEVER = (id) -> {
        throw new IllegalStateException("A miss in a benchmark of hits: " + id);
    };

    @Param({ "lettuceRaw", "backend", "engine", "beryl" })
    public String layer;

    private ConfigurableApplicationContext context;

    private RawLettuce raw;

    private RedisCacheBackend backend;

    private CacheEngine engine;

    private Supplier<Object> target;

    @Setup(Level.Trial)
    public void setUp() {
        String url = System.getenv().getOrDefault("BERYL_BENCH_REDIS", "redis://127.0.0.1:6399");
        Product value = Shapes.product(SIZE, SIZE);
        switch (this.layer) {
            case "lettuceRaw" -> {
                this.raw = new RawLettuce(url, "bench:layers:raw", value);
                this.target = this.raw.read();
            }
            case "backend" -> {
                this.backend = RedisCacheBackend.builder().uri(url).build();
                String key = "bench:layers:backend";
                this.backend.setSync(key, value, TTL);
                RedisCacheBackend redis = this.backend;
                this.target = () -> redis.getSync(key, Product.class).value();
            }
            case "engine" -> {
                this.backend = RedisCacheBackend.builder().uri(url).build();
                this.engine = new CacheEngine();
                String namespace = "bench:layers:engine";
                CacheDefinition cache = new CacheDefinition("padded", namespace, "redis", this.backend, TTL,
                        Product.class, false);
                long id = value.id();
                this.backend.setSync(namespace + ':' + id, value, TTL);
                CacheEngine calls = this.engine;
                this.target = () -> {
                    try {
                        return calls.get(cache, new NumberKey(namespace, id), id, NEVER);
                    }
                    catch (Throwable ex) {
                        throw new IllegalStateException(ex);
                    }
                };
            }
            default -> {
                this.context = Contexts.beryl(Map.of("beryl.cache.default-backend", "redis", "beryl.cache.redis.url",
                        url, "beryl.cache.key-prefix", "bench-layers"));
                Services.PADDED.put(value.id(), value);
                Services.Plain service = this.context.getBean(Services.Beryl.class);
                this.target = () -> service.padded(value.id());
            }
        }
        if (this.target.get() == null) {
            throw new IllegalStateException("The " + this.layer + " layer did not find its value");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (this.context != null) {
            this.context.close();
        }
        if (this.engine != null) {
            this.engine.close();
        }
        if (this.backend != null) {
            this.backend.close();
        }
        if (this.raw != null) {
            this.raw.close();
        }
    }

    @Benchmark
    public Object hit() {
        return this.target.get();
    }
}
