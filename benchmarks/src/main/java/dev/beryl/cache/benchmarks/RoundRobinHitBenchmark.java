package dev.beryl.cache.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;

import dev.beryl.cache.benchmarks.Shapes.Query;

/**
 * The hit path in memory over many keys: 1,024 distinct ids called round robin, every one a hit once the first
 * round has stored them (the first round is 1,024 misses in an iteration of millions of calls). Unlike the single
 * key of {@link HitPathBenchmark}, each call reads another cache entry and builds another key, as a service under
 * real traffic does.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RoundRobinHitBenchmark -p shape=oneArg -prof gc}
 */
public class RoundRobinHitBenchmark extends CachePathBenchmark {

    private static final int KEYS = 1024;

    /** One query per key, for the shapes keyed by a query: 1,024 pages of one search. */
    private static final Query[] QUERIES = new Query[KEYS];

    static {
        for (int page = 0; page < KEYS; page++) {
            QUERIES[page] = new Query("trail shoes", page);
        }
    }

    private long next;

    private int nextQuery;

    @Override
    protected boolean sameArgumentsEveryCall() {
        return false;
    }

    @Override
    protected long id() {
        return (this.next++) & (KEYS - 1);
    }

    @Override
    protected Query query() {
        return QUERIES[(this.nextQuery++) & (KEYS - 1)];
    }

    @Benchmark
    public Object hit() {
        return call();
    }
}
