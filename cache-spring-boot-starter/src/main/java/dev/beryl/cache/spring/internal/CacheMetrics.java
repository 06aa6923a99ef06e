package dev.beryl.cache.spring.internal;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.springframework.util.ClassUtils;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.internal.BackendErrorKind;
import dev.beryl.cache.internal.CacheCounters;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.redis.RedisCacheBackend;

/**
 * Beryl's caches as Micrometer meters, named by Micrometer's cache conventions and tagged with {@code cache} (the
 * name, never a key) and {@code backend}: {@code cache.gets{result=hit|miss}}, {@code cache.puts},
 * {@code cache.removals}, {@code cache.evictions} (memory), the {@code cache.load{result=success|failure}} timer and
 * {@code beryl.cache.errors{kind=timeout|connection|decode|other}}, {@code beryl.cache.stale.served} and
 * {@code beryl.cache.refresh.failures}; per backend, the gauges
 * {@code beryl.cache.memory.size} and {@code beryl.cache.redis.breaker.open}. The meters read the counters that the
 * engine keeps anyway, so a hit costs nothing more with metrics than without. Every cache is bound, those made after
 * start-up too.
 */
public final class CacheMetrics {

    private static final boolean REDIS = ClassUtils.isPresent("dev.beryl.cache.redis.RedisCacheBackend",
            CacheMetrics.class.getClassLoader());

    private final CacheCatalogue catalogue;

    private final CacheEngine engine;

    public CacheMetrics(CacheCatalogue catalogue, CacheEngine engine) {
        this.catalogue = catalogue;
        this.engine = engine;
    }

    /** Registers the meters of every cache, now and as caches are made. */
    public void bindTo(MeterRegistry registry) {
        // One gauge per backend, however many caches it holds.
        Set<String> gauged = ConcurrentHashMap.newKeySet();
        this.catalogue.eachCounted((cache) -> bind(registry, cache, gauged));
    }

    private void bind(MeterRegistry registry, CacheCatalogue.Counted cache, Set<String> gauged) {
        Tags tags = Tags.of("cache", cache.name(), "backend", cache.backendName());
        CacheCounters counters = cache.counters();
        FunctionCounter.builder("cache.gets", counters, CacheCounters::hits).tags(tags).tag("result", "hit")
                .description("Lookups that found their key").register(registry);
        FunctionCounter.builder("cache.gets", counters, CacheCounters::misses).tags(tags).tag("result", "miss")
                .description("Lookups that did not find their key").register(registry);
        FunctionCounter.builder("cache.puts", counters, CacheCounters::puts).tags(tags)
                .description("Values stored").register(registry);
        FunctionCounter.builder("cache.removals", counters, CacheCounters::removals).tags(tags)
                .description("Invalidations of a key and clears of the cache").register(registry);
        FunctionTimer.builder("cache.load", counters, CacheCounters::loadSuccesses,
                CacheCounters::loadSuccessNanos, TimeUnit.NANOSECONDS).tags(tags).tag("result", "success")
                .description("Calls of the method that filled a miss").register(registry);
        FunctionTimer.builder("cache.load", counters, CacheCounters::loadFailures,
                CacheCounters::loadFailureNanos, TimeUnit.NANOSECONDS).tags(tags).tag("result", "failure")
                .description("Calls of the method that filled a miss").register(registry);
        FunctionCounter.builder("beryl.cache.stale.served", counters, CacheCounters::staleServed).tags(tags)
                .description("Calls answered with an entry past its ttl, within staleWhileRevalidate or, when the "
                        + "method threw, staleIfError").register(registry);
        FunctionCounter.builder("beryl.cache.refresh.failures", counters, CacheCounters::refreshFailures).tags(tags)
                .description("Background refreshes of stale entries whose method threw; the stale value stayed")
                .register(registry);
        for (BackendErrorKind kind : BackendErrorKind.values()) {
            FunctionCounter.builder("beryl.cache.errors", this.engine, (engine) -> engine.errors(cache.name(), kind))
                    .tags(tags).tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .description("Backend failures that made a call go on without the cache").register(registry);
        }
        CacheBackend backend = cache.backend();
        if (backend instanceof InMemoryCacheBackend memory) {
            FunctionCounter.builder("cache.evictions", memory, (evicted) -> evicted.evictions(cache.namespace()))
                    .tags(tags).description("Entries evicted because the backend was full").register(registry);
            if (gauged.add(cache.backendName())) {
                Gauge.builder("beryl.cache.memory.size", memory, InMemoryCacheBackend::estimatedSize)
                        .tag("backend", cache.backendName()).description("Entries the in-memory backend holds")
                        .register(registry);
            }
        }
        if (REDIS) {
            RedisMeters.bind(registry, cache, tags, gauged.add(cache.backendName()));
        }
    }

    /** The meters of the Redis backend, touched only where cache-redis is on the classpath. */
    private static final class RedisMeters {

        static void bind(MeterRegistry registry, CacheCatalogue.Counted cache, Tags tags, boolean gauge) {
            if (!(cache.backend() instanceof RedisCacheBackend redis)) {
                return;
            }
            FunctionCounter.builder("beryl.cache.errors", redis, (backend) -> backend.decodeFailures(cache.namespace()))
                    .tags(tags).tag("kind", "decode")
                    .description("Backend failures that made a call go on without the cache").register(registry);
            if (gauge) {
                Gauge.builder("beryl.cache.redis.breaker.open", redis, (backend) -> backend.isBreakerOpen() ? 1 : 0)
                        .tag("backend", cache.backendName())
                        .description("1 while the circuit breaker keeps calls away from Redis, else 0")
                        .register(registry);
            }
        }
    }
}
