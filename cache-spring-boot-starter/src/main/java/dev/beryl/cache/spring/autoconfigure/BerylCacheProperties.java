package dev.beryl.cache.spring.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

import dev.beryl.cache.annotation.CacheScope;

/**
 * Settings of Beryl's caching, under {@code beryl.cache}.
 */
@ConfigurationProperties("beryl.cache")
public class BerylCacheProperties {

    /**
     * Whether @Cached methods are answered from the cache. When false, they always run.
     */
    private boolean enabled = true;

    /**
     * Backend of @Cached methods that name none: 'memory', 'redis', or the bean name of a CacheBackend bean.
     */
    private String defaultBackend = "memory";

    /**
     * Time-to-live of entries of @Cached methods that set no ttl. A bare number means seconds.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration defaultTtl = Duration.ofSeconds(60);

    /**
     * Start of every key, as in {key-prefix}:{name}:{part}. Lets applications share a Redis without sharing
     * entries.
     */
    private String keyPrefix = "beryl";

    /**
     * Whether a failing backend makes calls run the method without the cache. When false, its errors reach the
     * caller.
     */
    private boolean failOpen = true;

    /**
     * How long a call waits at most for a backend other than 'memory' and 'redis' (which has its own timeout)
     * before it runs the method without the cache. Bounds lookups, stores, invalidations and clears.
     */
    private Duration timeout = Duration.ofSeconds(1);

    /**
     * The largest fraction of the ttl, from 0 to 0.5, taken off each entry's ttl at random, so that entries written
     * together do not expire together. 0 for none.
     */
    private double ttlJitter;

    private final SingleFlight singleFlight = new SingleFlight();

    private final Memory memory = new Memory();

    private final Redis redis = new Redis();

    private final Http http = new Http();

    private final SpringCacheManager springCacheManager = new SpringCacheManager();

    /** Settings of the caches of the Spring {@code CacheManager} bridge, by cache name. */
    private final Map<String, CacheSettings> caches = new LinkedHashMap<>();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getDefaultBackend() {
        return this.defaultBackend;
    }

    public void setDefaultBackend(String defaultBackend) {
        this.defaultBackend = defaultBackend;
    }

    public Duration getDefaultTtl() {
        return this.defaultTtl;
    }

    public void setDefaultTtl(Duration defaultTtl) {
        this.defaultTtl = defaultTtl;
    }

    public String getKeyPrefix() {
        return this.keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public boolean isFailOpen() {
        return this.failOpen;
    }

    public void setFailOpen(boolean failOpen) {
        this.failOpen = failOpen;
    }

    public Duration getTimeout() {
        return this.timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public double getTtlJitter() {
        return this.ttlJitter;
    }

    public void setTtlJitter(double ttlJitter) {
        this.ttlJitter = ttlJitter;
    }

    public SingleFlight getSingleFlight() {
        return this.singleFlight;
    }

    public Memory getMemory() {
        return this.memory;
    }

    public Redis getRedis() {
        return this.redis;
    }

    public Http getHttp() {
        return this.http;
    }

    public SpringCacheManager getSpringCacheManager() {
        return this.springCacheManager;
    }

    public Map<String, CacheSettings> getCaches() {
        return this.caches;
    }

    /**
     * Spring's {@code CacheManager} on Beryl's backends, so that {@code @Cacheable}, {@code @CachePut} and
     * {@code @CacheEvict} code caches with Beryl.
     */
    public static class SpringCacheManager {

        /** Whether to expose a {@code CacheManager} whose caches are Beryl caches on the default backend. */
        private boolean enabled = false;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Settings of one cache of the Spring {@code CacheManager} bridge. */
    public static class CacheSettings {

        /** How long entries live; by default {@code beryl.cache.default-ttl}. */
        private Duration ttl;

        public Duration getTtl() {
            return this.ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }
    }

    /**
     * Settings of cached HTTP handler methods (methods of {@code @Controller} and {@code @RestController} beans).
     */
    public static class Http {

        /**
         * What {@code @Cached(scope = AUTO)}, the default, means: {@code auto} keeps requests with an
         * {@code Authorization} header or an authenticated principal away from the cache of handler methods;
         * {@code principal} gives each user entries of their own; {@code shared} shares every entry.
         */
        private CacheScope defaultScope = CacheScope.AUTO;

        /** Whether a {@code ResponseEntity} whose status is not 2xx may be stored. */
        private boolean cacheErrorResponses = false;

        /**
         * Whether responses of cached handlers carry an RFC 9211 {@code Cache-Status} header: {@code beryl; hit;
         * ttl=...}, {@code beryl; fwd=miss; stored}, {@code beryl; fwd=miss} or {@code beryl; fwd=bypass}.
         */
        private boolean cacheStatusHeader = false;

        /**
         * Whether responses of cached handlers carry a strong {@code ETag} computed when the entry is stored, and
         * a request whose {@code If-None-Match} matches it is answered {@code 304 Not Modified} from the cache.
         */
        private boolean etag = true;

        public CacheScope getDefaultScope() {
            return this.defaultScope;
        }

        public void setDefaultScope(CacheScope defaultScope) {
            this.defaultScope = defaultScope;
        }

        public boolean isCacheErrorResponses() {
            return this.cacheErrorResponses;
        }

        public void setCacheErrorResponses(boolean cacheErrorResponses) {
            this.cacheErrorResponses = cacheErrorResponses;
        }

        public boolean isCacheStatusHeader() {
            return this.cacheStatusHeader;
        }

        public void setCacheStatusHeader(boolean cacheStatusHeader) {
            this.cacheStatusHeader = cacheStatusHeader;
        }

        public boolean isEtag() {
            return this.etag;
        }

        public void setEtag(boolean etag) {
            this.etag = etag;
        }
    }

    /**
     * Settings of single flight: concurrent misses on one key run the method once while the others wait.
     */
    public static class SingleFlight {

        /**
         * How long a call waits at most for another call's load of the same key. After it, the call runs the
         * method itself.
         */
        private Duration maxWait = Duration.ofSeconds(10);

        /**
         * The reach of single flight for methods that leave it to the default: 'local', one load per key in each
         * instance; or 'global', one load per key across the instances that share a backend with leases (Redis).
         */
        private SingleFlightMode mode = SingleFlightMode.LOCAL;

        /**
         * How long a lease of global single flight holds when its holder neither stores nor gives it up (its
         * instance died, say); the other instances then load the key themselves. Longer than the slowest load.
         */
        private Duration lease = Duration.ofSeconds(30);

        public Duration getMaxWait() {
            return this.maxWait;
        }

        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }

        public SingleFlightMode getMode() {
            return this.mode;
        }

        public void setMode(SingleFlightMode mode) {
            this.mode = mode;
        }

        public Duration getLease() {
            return this.lease;
        }

        public void setLease(Duration lease) {
            this.lease = lease;
        }
    }

    /** The reach of single flight for methods that leave it to the default. */
    public enum SingleFlightMode {

        /** One load per key in each application instance. */
        LOCAL,

        /** One load per key across the instances that share a backend with leases. */
        GLOBAL
    }

    /**
     * Settings of the in-memory backend.
     */
    public static class Memory {

        /**
         * Maximum number of entries the in-memory backend holds; past it, the least useful are evicted.
         */
        private long maxEntries = 10_000;

        public long getMaxEntries() {
            return this.maxEntries;
        }

        public void setMaxEntries(long maxEntries) {
            this.maxEntries = maxEntries;
        }
    }

    /**
     * Settings of the Redis backend, used when beryl-cache-redis is on the classpath. They are declared in a file of
     * their own, {@link RedisBackendProperties}; this is the name of their type for code that names it.
     */
    public static class Redis extends RedisBackendProperties {
    }
}
