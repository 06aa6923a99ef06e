package dev.beryl.cache.spring.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

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

    private final Memory memory = new Memory();

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

    public Memory getMemory() {
        return this.memory;
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
}
