package dev.beryl.cache.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.ClassUtils;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.redis.RedisCacheBackend;
import dev.beryl.cache.spring.internal.CacheCatalogue;

/**
 * The {@code beryl} health contributor: a detail per backend that caches use. The in-memory backend is always up;
 * Redis is {@code DOWN} while it does not answer {@code PING} within its timeout or its circuit breaker is open,
 * and {@code UP} again once it answers. Caching fails open, so this contributor is not part of the liveness or
 * readiness groups unless you add it.
 */
public class BerylHealthIndicator extends AbstractHealthIndicator {

    private static final boolean REDIS = ClassUtils.isPresent("dev.beryl.cache.redis.RedisCacheBackend",
            BerylHealthIndicator.class.getClassLoader());

    private final CacheCatalogue catalogue;

    public BerylHealthIndicator(CacheCatalogue catalogue) {
        super("Beryl's cache backends could not be checked");
        this.catalogue = catalogue;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, CacheBackend> backends = new LinkedHashMap<>();
        for (CacheCatalogue.Counted cache : this.catalogue.counted()) {
            backends.putIfAbsent(cache.backendName(), cache.backend());
        }
        boolean down = false;
        for (Map.Entry<String, CacheBackend> backend : backends.entrySet()) {
            Health health = check(backend.getValue());
            down |= health.getStatus().equals(Status.DOWN);
            builder.withDetail(backend.getKey(), health);
        }
        builder.status(down ? Status.DOWN : Status.UP);
    }

    private static Health check(CacheBackend backend) {
        if (backend instanceof InMemoryCacheBackend memory) {
            return Health.up().withDetail("entries", memory.estimatedSize()).build();
        }
        if (REDIS && backend instanceof RedisCacheBackend) {
            return RedisCheck.check(backend);
        }
        return Health.unknown().withDetail("backend", backend.getClass().getName()).build();
    }

    /** Touched only where cache-redis is on the classpath. */
    private static final class RedisCheck {

        static Health check(CacheBackend backend) {
            RedisCacheBackend redis = (RedisCacheBackend) backend;
            if (redis.isBreakerOpen()) {
                try {
                    // The breaker lets one probe through once its cool-down has passed.
                    redis.ping();
                }
                catch (RuntimeException ex) {
                    return Health.down().withDetail("breaker", "open").withDetail("error", ex.getMessage())
                            .build();
                }
                return Health.up().withDetail("breaker", "closed").build();
            }
            try {
                redis.ping();
                return Health.up().withDetail("breaker", "closed").build();
            }
            catch (RuntimeException ex) {
                return Health.down().withDetail("error", String.valueOf(ex.getMessage())).build();
            }
        }
    }
}
