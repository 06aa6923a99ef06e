package dev.beryl.cache.spring.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;

import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * Where Spring Boot's {@link DataRedisConnectionDetails} point: {@code spring.data.redis.*}, a
 * {@code @ServiceConnection} or Docker Compose. Touched only where spring-boot-data-redis is on the classpath.
 */
final class ConnectionDetailsTarget {

    private ConnectionDetailsTarget() {
    }

    /**
     * The target of a connection details bean, which is an instance of {@link DataRedisConnectionDetails}; their SSL
     * bundle, if any, turns TLS on and gives its trust and key material.
     * @throws CacheConfigurationException if the details name an SSL bundle that does not exist
     */
    static RedisConnectionTarget of(Object bean) {
        DataRedisConnectionDetails details = (DataRedisConnectionDetails) bean;
        SslBundle bundle = sslBundle(details);
        String scheme = (bundle != null) ? "rediss" : "redis";
        String source = "Spring Boot's Redis connection details (" + bean.getClass().getSimpleName() + ")";
        DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
        if (sentinel != null) {
            return new RedisConnectionTarget(scheme + "-sentinel://"
                    + RedisConnectionTarget.credentials(details.getUsername(), details.getPassword())
                    + String.join(",", nodes(sentinel.getNodes())) + "/" + sentinel.getDatabase() + "#"
                    + sentinel.getMaster(), List.of(), sentinel.getPassword(), source, bundle);
        }
        DataRedisConnectionDetails.Cluster cluster = details.getCluster();
        if (cluster != null) {
            String credentials = RedisConnectionTarget.credentials(details.getUsername(), details.getPassword());
            return new RedisConnectionTarget(null,
                    nodes(cluster.getNodes()).stream().map((node) -> scheme + "://" + credentials + node).toList(),
                    null, source, bundle);
        }
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        String host = (standalone != null) ? standalone.getHost() : "localhost";
        int port = (standalone != null) ? standalone.getPort() : 6379;
        int database = (standalone != null) ? standalone.getDatabase() : 0;
        return new RedisConnectionTarget(scheme + "://"
                + RedisConnectionTarget.credentials(details.getUsername(), details.getPassword()) + host + ":" + port
                + "/" + database, List.of(), null, source, bundle);
    }

    /** Spring Boot's details look their bundle up when asked: from {@code spring.data.redis.ssl.bundle}. */
    private static @Nullable SslBundle sslBundle(DataRedisConnectionDetails details) {
        try {
            return details.getSslBundle();
        }
        catch (NoSuchSslBundleException ex) {
            throw new CacheConfigurationException("Spring Boot's Redis connection details name SSL bundle '"
                    + ex.getBundleName() + "' (" + RedisConnectionTarget.SPRING_DATA_REDIS_SSL_BUNDLE
                    + "), which is not defined", "Define the bundle under spring.ssl.bundle.pem." + ex.getBundleName()
                            + " or spring.ssl.bundle.jks." + ex.getBundleName() + ", or name one that is defined.", ex);
        }
    }

    private static List<String> nodes(@Nullable List<DataRedisConnectionDetails.Node> nodes) {
        return (nodes != null) ? nodes.stream().map((node) -> node.host() + ":" + node.port()).toList() : List.of();
    }
}
