package dev.beryl.cache.benchmarks;

import java.net.URI;
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

/**
 * Group 6, the hit path on Redis: raw Lettuce {@code GET} plus a typed Jackson decode (the limit), Beryl
 * {@code @Cached} on Redis, and Spring's {@code @Cacheable} with {@code RedisCacheManager} over Lettuce, for values
 * of about 100 B, 1 KiB and 32 KiB. Run with {@code -t 1} and {@code -t 16}. The server is the one
 * {@code benchmarks/run.sh} starts, named by the environment variable {@code BERYL_BENCH_REDIS}
 * ({@code redis://127.0.0.1:port}).
 * <p>
 * {@code berylCompressed} is Beryl with {@code beryl.cache.redis.compression.enabled=true} (threshold 4 KB), so only
 * its 32 KiB row is compressed; it is not in the default run. The padded value is one repeated letter, which DEFLATE
 * shrinks about 300 times: the row measures the cost of inflating on every hit with almost nothing on the wire, not
 * the saving on real JSON. Run it alone with
 * {@code java -jar benchmarks/target/benchmarks.jar RedisHitBenchmark -p impl=beryl,berylCompressed -p size=32768}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RedisHitBenchmark {

    @Param({ "lettuceRaw", "beryl", "springRedis" })
    public String impl;

    @Param({ "100", "1024", "32768" })
    public int size;

    private ConfigurableApplicationContext context;

    private RawLettuce raw;

    private Supplier<Object> target;

    @Setup(Level.Trial)
    public void setUp() {
        String url = System.getenv().getOrDefault("BERYL_BENCH_REDIS", "redis://127.0.0.1:6399");
        Product value = Shapes.product(this.size, this.size);
        switch (this.impl) {
            case "lettuceRaw" -> {
                this.raw = new RawLettuce(url, "bench:raw:" + this.size, value);
                this.target = this.raw.read();
            }
            case "beryl" -> {
                this.context = Contexts.beryl(Map.of("beryl.cache.default-backend", "redis", "beryl.cache.redis.url",
                        url, "beryl.cache.key-prefix", "bench-" + this.size));
                this.target = sized(this.context.getBean(Services.Beryl.class), value);
            }
            case "berylCompressed" -> {
                this.context = Contexts.beryl(Map.of("beryl.cache.default-backend", "redis", "beryl.cache.redis.url",
                        url, "beryl.cache.key-prefix", "benchz-" + this.size, "beryl.cache.redis.compression.enabled",
                        "true"));
                this.target = sized(this.context.getBean(Services.Beryl.class), value);
            }
            default -> {
                URI uri = URI.create(url);
                this.context = Contexts.springRedis(uri.getHost(), uri.getPort());
                this.target = sized(this.context.getBean(Services.Spring.class), value);
            }
        }
        this.target.get();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (this.context != null) {
            this.context.close();
        }
        if (this.raw != null) {
            this.raw.close();
        }
    }

    @Benchmark
    public Object hit() {
        return this.target.get();
    }

    private Supplier<Object> sized(Services.Plain service, Product value) {
        // The value's size lives in the id, so each size has its own entry: the service returns a padded product.
        Services.PADDED.put(value.id(), value);
        return () -> service.padded(value.id());
    }
}
