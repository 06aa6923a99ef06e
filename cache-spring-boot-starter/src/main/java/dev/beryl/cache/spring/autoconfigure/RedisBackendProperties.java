package dev.beryl.cache.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.unit.DataSize;

/**
 * Settings of the Redis backend, under {@code beryl.cache.redis}, used when beryl-cache-redis is on the classpath.
 * Code names them as {@link BerylCacheProperties.Redis} ({@link BerylCacheProperties#getRedis()}), which is this
 * class, and its groups as {@code BerylCacheProperties.Redis.Cluster}, {@code .CircuitBreaker}, {@code .Compression}
 * and {@code .Ssl}, which are the nested classes here.
 */
public abstract class RedisBackendProperties {

    /**
     * Redis server: redis://[user:password@]host:port/db, rediss:// for TLS, or
     * redis-sentinel://[password@]host:port[,host:port]/db#master. When neither this nor cluster.nodes is set,
     * spring.data.redis.* is used if set, else redis://localhost:6379.
     */
    private String url;

    private final Cluster cluster = new Cluster();

    /**
     * How long a Redis command may take before the call runs the method without the cache.
     */
    private Duration timeout = Duration.ofMillis(250);

    /**
     * How long connecting to Redis may take.
     */
    private Duration connectTimeout = Duration.ofSeconds(2);

    /**
     * Name the connection gives itself (CLIENT SETNAME), to recognise it in CLIENT LIST.
     */
    private String clientName;

    /**
     * Largest value stored, as encoded JSON before compression; larger values are not cached, with a warning.
     */
    private DataSize maxValueSize = DataSize.ofMegabytes(1);

    private final CircuitBreaker circuitBreaker = new CircuitBreaker();

    private final Compression compression = new Compression();

    private final Ssl ssl = new Ssl();

    public String getUrl() {
        return this.url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public Cluster getCluster() {
        return this.cluster;
    }

    public Duration getTimeout() {
        return this.timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public String getClientName() {
        return this.clientName;
    }

    public void setClientName(String clientName) {
        this.clientName = clientName;
    }

    public DataSize getMaxValueSize() {
        return this.maxValueSize;
    }

    public void setMaxValueSize(DataSize maxValueSize) {
        this.maxValueSize = maxValueSize;
    }

    public CircuitBreaker getCircuitBreaker() {
        return this.circuitBreaker;
    }

    public Compression getCompression() {
        return this.compression;
    }

    public Ssl getSsl() {
        return this.ssl;
    }

    /**
     * Settings of a Redis Cluster.
     */
    public static class Cluster {

        /**
         * Seed nodes of a Redis Cluster, as host:port. When set, url is not used.
         */
        private List<String> nodes = new ArrayList<>();

        public List<String> getNodes() {
            return this.nodes;
        }

        public void setNodes(List<String> nodes) {
            this.nodes = nodes;
        }
    }

    /**
     * Settings of the circuit breaker that skips a failing Redis.
     */
    public static class CircuitBreaker {

        /**
         * Failures in a row after which Redis is skipped for the cool-down.
         */
        private int failures = 5;

        /**
         * How long Redis is skipped before one call probes it again.
         */
        private Duration coolDown = Duration.ofSeconds(5);

        public int getFailures() {
            return this.failures;
        }

        public void setFailures(int failures) {
            this.failures = failures;
        }

        public Duration getCoolDown() {
            return this.coolDown;
        }

        public void setCoolDown(Duration coolDown) {
            this.coolDown = coolDown;
        }
    }

    /**
     * Settings of the compression of large values.
     */
    public static class Compression {

        /**
         * Whether values larger than the threshold are stored compressed (DEFLATE). Values below it stay plain
         * JSON, and entries are read back whether compressed or not.
         */
        private boolean enabled;

        /**
         * Encoded size above which a value is compressed.
         */
        private DataSize threshold = DataSize.ofKilobytes(4);

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public DataSize getThreshold() {
            return this.threshold;
        }

        public void setThreshold(DataSize threshold) {
            this.threshold = threshold;
        }
    }

    /**
     * TLS settings of the Redis connection.
     */
    public static class Ssl {

        /**
         * Name of the SSL bundle (spring.ssl.bundle.*) whose trust and key material the Redis connection uses;
         * setting it turns TLS on. When not set, the bundle of Spring Boot's Redis connection is used
         * (spring.data.redis.ssl.bundle), else the JVM's trust store for rediss:// URLs.
         */
        private String bundle;

        public String getBundle() {
            return this.bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }
}
