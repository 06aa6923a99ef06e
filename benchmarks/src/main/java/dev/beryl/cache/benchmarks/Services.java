package dev.beryl.cache.benchmarks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.alicp.jetcache.anno.CacheType;
import org.springframework.cache.annotation.Cacheable;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.benchmarks.Shapes.Product;
import dev.beryl.cache.benchmarks.Shapes.Query;

/**
 * The same four methods, cached by Beryl and by Spring's {@code @Cacheable}, and bare for the limit. Their bodies are
 * as cheap as a method can be, so that a benchmark of hits measures the cache, not the method.
 */
final class Services {

    private Services() {
    }

    static final Product VALUE = new Product(1, "Trail running shoes", "shoes", 12_900);

    /**
     * How many times a method body ran; the benchmarks check with it that each cache answers, and read nothing else.
     * Single-threaded use only.
     */
    static long bodyRuns;

    /** Products of chosen sizes, by id, for the Redis benchmarks. */
    static final Map<Long, Product> PADDED = new ConcurrentHashMap<>();

    /** The methods uncached: the physical limit. */
    public static class Plain {

        public Product one(long id) {
            bodyRuns++;
            return VALUE;
        }

        public Product three(long id, String region, int version) {
            bodyRuns++;
            return VALUE;
        }

        public Product dto(Query query) {
            bodyRuns++;
            return VALUE;
        }

        public Product spel(Query query) {
            bodyRuns++;
            return VALUE;
        }

        public Product padded(long id) {
            return PADDED.get(id);
        }
    }

    public static class Beryl extends Plain {

        @Override
        @Cached(name = "one")
        public Product one(long id) {
            bodyRuns++;
            return VALUE;
        }

        @Override
        @Cached(name = "three")
        public Product three(long id, String region, int version) {
            bodyRuns++;
            return VALUE;
        }

        @Override
        @Cached(name = "dto")
        public Product dto(Query query) {
            bodyRuns++;
            return VALUE;
        }

        @Override
        @Cached(name = "spel", key = "#query.text() + ':' + #query.page()")
        public Product spel(Query query) {
            bodyRuns++;
            return VALUE;
        }

        @Override
        @Cached(name = "padded")
        public Product padded(long id) {
            return PADDED.get(id);
        }
    }

    /** JetCache's {@code @Cached}, local (Caffeine) caches bounded and timed as the others. */
    public static class JetCached extends Plain {

        @Override
        @com.alicp.jetcache.anno.Cached(name = "one.", cacheType = CacheType.LOCAL, localLimit = 10_000, expire = 60)
        public Product one(long id) {
            bodyRuns++;
            return VALUE;
        }

        @Override
        @com.alicp.jetcache.anno.Cached(name = "three.", cacheType = CacheType.LOCAL, localLimit = 10_000,
                expire = 60)
        public Product three(long id, String region, int version) {
            bodyRuns++;
            return VALUE;
        }

        @Override
        @com.alicp.jetcache.anno.Cached(name = "dto.", cacheType = CacheType.LOCAL, localLimit = 10_000, expire = 60)
        public Product dto(Query query) {
            bodyRuns++;
            return VALUE;
        }

        @Override
        @com.alicp.jetcache.anno.Cached(name = "spel.", key = "#query.text() + ':' + #query.page()",
                cacheType = CacheType.LOCAL, localLimit = 10_000, expire = 60)
        public Product spel(Query query) {
            bodyRuns++;
            return VALUE;
        }
    }

    public static class Spring extends Plain {

        @Override
        @Cacheable("one")
        public Product one(long id) {
            bodyRuns++;
            return VALUE;
        }

        @Override
        @Cacheable("three")
        public Product three(long id, String region, int version) {
            bodyRuns++;
            return VALUE;
        }

        @Override
        @Cacheable("dto")
        public Product dto(Query query) {
            bodyRuns++;
            return VALUE;
        }

        @Override
        @Cacheable(cacheNames = "spel", key = "#query.text() + ':' + #query.page()")
        public Product spel(Query query) {
            bodyRuns++;
            return VALUE;
        }

        @Override
        @Cacheable("padded")
        public Product padded(long id) {
            return PADDED.get(id);
        }
    }
}
