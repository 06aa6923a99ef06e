package dev.beryl.cache.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;

import dev.beryl.cache.benchmarks.Shapes.Query;

/**
 * Group 2, miss and store in memory: every call has new arguments, so each one builds a key, misses, runs the
 * method and stores its result (the bounded caches evicting as they go; the unbounded maps are emptied between
 * iterations).
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar MissPathBenchmark -prof gc}
 */
public class MissPathBenchmark extends CachePathBenchmark {

    private long next;

    @Override
    protected boolean sameArgumentsEveryCall() {
        return false;
    }

    @Override
    protected long id() {
        return this.next++;
    }

    @Override
    protected Query query() {
        return new Query("trail shoes", (int) this.next++);
    }

    @Benchmark
    public Object missAndStore() {
        return call();
    }
}
