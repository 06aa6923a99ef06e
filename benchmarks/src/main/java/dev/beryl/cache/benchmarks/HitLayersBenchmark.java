package dev.beryl.cache.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.internal.MissHandler;
import dev.beryl.cache.internal.NumberKey;
import dev.beryl.cache.memory.InMemoryCacheBackend;

/**
 * Where a memory hit's time goes, layer by layer, over the 1,024 keys of {@link RoundRobinHitBenchmark}: Caffeine
 * alone with a fixed and with a per-entry expiry ({@code Long} keys, as Spring's cache keys them), Beryl's store
 * read with a key of one number, the engine's call over that store, and the engine's call with the key as text (how
 * a hit looked before keys of one number were held as numbers). The {@code beryl} row of
 * {@link RoundRobinHitBenchmark} adds the Spring AOP proxy and the starter's plan on top of {@code engine}.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar HitLayersBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HitLayersBenchmark {

    private static final int KEYS = 1024;

    private static final String NAMESPACE = "beryl:Services.one";

    private static final Duration TTL = Duration.ofSeconds(60);

    private static final MissHandler<Long> NEVER = (id) -> {
        throw new IllegalStateException("A miss in a benchmark of hits: " + id);
    };

    private final Cache<Long, Object> fixed = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TTL).build();

    private final Cache<Long, Object> variable = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfter(new Expiry<Long, Object>() {

                @Override
                public long expireAfterCreate(Long key, Object value, long currentTime) {
                    return TTL.toNanos();
                }

                @Override
                public long expireAfterUpdate(Long key, Object value, long currentTime, long currentDuration) {
                    return currentDuration;
                }

                @Override
                public long expireAfterRead(Long key, Object value, long currentTime, long currentDuration) {
                    return currentDuration;
                }
            }).build();

    private final InMemoryCacheBackend memory = InMemoryCacheBackend.create();

    private final CacheEngine engine = new CacheEngine();

    private final CacheDefinition cache = new CacheDefinition("Services.one", NAMESPACE, "memory", this.memory, TTL,
            Object.class, false);

    private long next;

    @Setup
    public void fill() {
        for (long id = 0; id < KEYS; id++) {
            this.fixed.put(id, Services.VALUE);
            this.variable.put(id, Services.VALUE);
            this.memory.setSync(NAMESPACE + ':' + id, Services.VALUE, TTL);
        }
    }

    @TearDown
    public void close() {
        this.engine.close();
    }

    private long id() {
        return (this.next++) & (KEYS - 1);
    }

    @Benchmark
    public Object caffeineFixed() {
        return this.fixed.getIfPresent(id());
    }

    @Benchmark
    public Object caffeineVariable() {
        return this.variable.getIfPresent(id());
    }

    @Benchmark
    public Object store() {
        return this.memory.getSync(new NumberKey(NAMESPACE, id())).value();
    }

    @Benchmark
    public Object engine() throws Throwable {
        long id = id();
        return this.engine.get(this.cache, new NumberKey(NAMESPACE, id), id, NEVER);
    }

    @Benchmark
    public Object engineText() throws Throwable {
        long id = id();
        return this.engine.get(this.cache, NAMESPACE + ':' + id, id, NEVER);
    }
}
