package dev.beryl.cache.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;

import dev.beryl.cache.benchmarks.Shapes.Query;

/**
 * Group 1, the hit path in memory: one call that the cache answers, the same arguments every time.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar HitPathBenchmark -prof gc}
 */
public class HitPathBenchmark extends CachePathBenchmark {

    private static final Query QUERY = new Query("trail shoes", 2);

    @Override
    protected boolean sameArgumentsEveryCall() {
        return true;
    }

    @Override
    protected long id() {
        return 42L;
    }

    @Override
    protected Query query() {
        return QUERY;
    }

    @Benchmark
    public Object hit() {
        return call();
    }
}
