package dev.beryl.cache.spring.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

/**
 * Where Spring Boot's {@link DataRedisConnectionDetails} point: {@code spring.data.redis.*}, a
 * {@code @ServiceConnection} or Docker Compose. Touched only where spring-boot-data-redis is on the classpath.
 */
final class ConnectionDetailsTarget {

    private ConnectionDetailsTarget() {
    }

    /** The target of a connection details bean, which is an instance of {@link DataRedisConnectionDetails}. */
    static RedisConnectionTarget of(Object bean) {
        DataRedisConnectionDetails details = (DataRedisConnectionDetails) bean;
        String scheme = (details.getSslBundle() != null) ? "rediss" : "redis";
        String source = "Spring Boot's Redis connection details (" + bean.getClass().getSimpleName() + ")";
        DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
        if (sentinel != null) {
            return new RedisConnectionTarget(scheme + "-sentinel://"
                    + RedisConnectionTarget.credentials(details.getUsername(), details.getPassword())
                    + String.join(",", nodes(sentinel.getNodes())) + "/" + sentinel.getDatabase() + "#"
                    + sentinel.getMaster(), List.of(), sentinel.getPassword(), source);
        }
        DataRedisConnectionDetails.Cluster cluster = details.getCluster();
        if (cluster != null) {
            String credentials = RedisConnectionTarget.credentials(details.getUsername(), details.getPassword());
            return new RedisConnectionTarget(null,
                    nodes(cluster.getNodes()).stream().map((node) -> scheme + "://" + credentials + node).toList(),
                    null, source);
        }
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        String host = (standalone != null) ? standalone.getHost() : "localhost";
        int port = (standalone != null) ? standalone.getPort() : 6379;
        int database = (standalone != null) ? standalone.getDatabase() : 0;
        return new RedisConnectionTarget(scheme + "://"
                + RedisConnectionTarget.credentials(details.getUsername(), details.getPassword()) + host + ":" + port
                + "/" + database, List.of(), null, source);
    }

    private static List<String> nodes(@Nullable List<DataRedisConnectionDetails.Node> nodes) {
        return (nodes != null) ? nodes.stream().map((node) -> node.host() + ":" + node.port()).toList() : List.of();
    }
}
