package dev.beryl.cache.benchmarks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    /** Products of chosen sizes, by id, for the Redis benchmarks. */
    static final Map<Long, Product> PADDED = new ConcurrentHashMap<>();

    /** The methods uncached: the physical limit. */
    public static class Plain {

        public Product one(long id) {
            return VALUE;
        }

        public Product three(long id, String region, int version) {
            return VALUE;
        }

        public Product dto(Query query) {
            return VALUE;
        }

        public Product spel(Query query) {
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
            return VALUE;
        }

        @Override
        @Cached(name = "three")
        public Product three(long id, String region, int version) {
            return VALUE;
        }

        @Override
        @Cached(name = "dto")
        public Product dto(Query query) {
            return VALUE;
        }

        @Override
        @Cached(name = "spel", key = "#query.text() + ':' + #query.page()")
        public Product spel(Query query) {
            return VALUE;
        }

        @Override
        @Cached(name = "padded")
        public Product padded(long id) {
            return PADDED.get(id);
        }
    }

    public static class Spring extends Plain {

        @Override
        @Cacheable("one")
        public Product one(long id) {
            return VALUE;
        }

        @Override
        @Cacheable("three")
        public Product three(long id, String region, int version) {
            return VALUE;
        }

        @Override
        @Cacheable("dto")
        public Product dto(Query query) {
            return VALUE;
        }

        @Override
        @Cacheable(cacheNames = "spel", key = "#query.text() + ':' + #query.page()")
        public Product spel(Query query) {
            return VALUE;
        }

        @Override
        @Cacheable("padded")
        public Product padded(long id) {
            return PADDED.get(id);
        }
    }
}
