package dev.beryl.cache.spring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Where the Redis backend connects: {@code beryl.cache.redis.*} when set; otherwise Spring Boot's
 * {@code DataRedisConnectionDetails} where spring-boot-data-redis makes them (from {@code spring.data.redis.*}, a
 * {@code @ServiceConnection} or Docker Compose); otherwise Beryl's own reading of {@code spring.data.redis.*}
 * (sentinel, cluster nodes, url, or host, port, username, password, database and ssl, in Spring Boot's order),
 * otherwise {@code redis://localhost:6379}. An application that already talks to Redis needs no new settings.
 *
 * @param url a Redis URI, when not a cluster; for Sentinel it carries the master's credentials
 * @param clusterNodes the seed nodes of a cluster, as {@code host:port} or URIs
 * @param sentinelPassword the Sentinels' own password, if any
 * @param source which settings it came from, for messages
 */
record RedisConnectionTarget(String url, List<String> clusterNodes, String sentinelPassword, String source) {

    static final String DEFAULT_URL = "redis://localhost:6379";

    /**
     * @param connectionDetails Spring Boot's {@code DataRedisConnectionDetails} bean, where spring-boot-data-redis
     * made one, else {@code null}
     */
    static RedisConnectionTarget resolve(BerylCacheProperties.Redis redis, Environment environment,
            @Nullable Object connectionDetails) {
        if (!redis.getCluster().getNodes().isEmpty()) {
            return new RedisConnectionTarget(null, List.copyOf(redis.getCluster().getNodes()), null,
                    "beryl.cache.redis.cluster.nodes");
        }
        if (StringUtils.hasText(redis.getUrl())) {
            return new RedisConnectionTarget(redis.getUrl(), List.of(), null, "beryl.cache.redis.url");
        }
        if (connectionDetails != null) {
            return ConnectionDetailsTarget.of(connectionDetails);
        }
        Binder binder = Binder.get(environment);
        String username = binder.bind("spring.data.redis.username", String.class).orElse(null);
        String password = binder.bind("spring.data.redis.password", String.class).orElse(null);
        boolean ssl = binder.bind("spring.data.redis.ssl.enabled", Boolean.class).orElse(false);
        String scheme = ssl ? "rediss" : "redis";
        int database = binder.bind("spring.data.redis.database", Integer.class).orElse(0);
        String master = binder.bind("spring.data.redis.sentinel.master", String.class).orElse(null);
        List<String> sentinels = binder.bind("spring.data.redis.sentinel.nodes", Bindable.listOf(String.class))
                .orElse(List.of());
        if (StringUtils.hasText(master) && !sentinels.isEmpty()) {
            String sentinelPassword = binder.bind("spring.data.redis.sentinel.password", String.class).orElse(null);
            return new RedisConnectionTarget(scheme + "-sentinel://" + credentials(username, password)
                    + String.join(",", sentinels) + "/" + database + "#" + master, List.of(), sentinelPassword,
                    "spring.data.redis.sentinel");
        }
        List<String> clusterNodes = binder.bind("spring.data.redis.cluster.nodes", Bindable.listOf(String.class))
                .orElse(List.of());
        if (!clusterNodes.isEmpty()) {
            String credentials = credentials(username, password);
            return new RedisConnectionTarget(null, clusterNodes.stream()
                    .map((node) -> scheme + "://" + credentials + node).toList(), null,
                    "spring.data.redis.cluster.nodes");
        }
        String url = binder.bind("spring.data.redis.url", String.class).orElse(null);
        if (StringUtils.hasText(url)) {
            return new RedisConnectionTarget(url, List.of(), null, "spring.data.redis.url");
        }
        String host = binder.bind("spring.data.redis.host", String.class).orElse(null);
        Integer port = binder.bind("spring.data.redis.port", Integer.class).orElse(null);
        if (host != null || port != null || password != null || database != 0 || ssl) {
            String target = scheme + "://" + credentials(username, password) + ((host != null) ? host : "localhost")
                    + ":" + ((port != null) ? port : 6379) + "/" + database;
            return new RedisConnectionTarget(target, List.of(), null, "spring.data.redis.host/port");
        }
        return new RedisConnectionTarget(DEFAULT_URL, List.of(), null, "the default");
    }

    static String credentials(@Nullable String username, @Nullable String password) {
        if (!StringUtils.hasText(password)) {
            return "";
        }
        return (StringUtils.hasText(username) ? encode(username) : "") + ":" + encode(password) + "@";
    }

    /** Percent-encodes everything but unreserved characters, so that any password survives the URI. */
    private static String encode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            }
            else {
                encoded.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return encoded.toString();
    }
}
