package dev.beryl.cache.spring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * Where the Redis backend connects: {@code beryl.cache.redis.*} when set; otherwise Spring Boot's
 * {@code DataRedisConnectionDetails} where spring-boot-data-redis makes them (from {@code spring.data.redis.*}, a
 * {@code @ServiceConnection} or Docker Compose); otherwise Beryl's own reading of {@code spring.data.redis.*}
 * (sentinel, cluster nodes, url, or host, port, username, password, database and ssl, in Spring Boot's order),
 * otherwise {@code redis://localhost:6379}. An application that already talks to Redis needs no new settings.
 * <p>
 * The SSL bundle is {@code beryl.cache.redis.ssl.bundle} when set, whatever the address came from; otherwise the one
 * of that address: the connection details', or {@code spring.data.redis.ssl.bundle}. A bundle turns TLS on, as it
 * does for Spring Boot's own Redis connection.
 *
 * @param url a Redis URI, when not a cluster; for Sentinel it carries the master's credentials
 * @param clusterNodes the seed nodes of a cluster, as {@code host:port} or URIs
 * @param sentinelPassword the Sentinels' own password, if any
 * @param source which settings it came from, for messages
 * @param sslBundle the trust and key material of TLS connections, or {@code null} for the JVM's trust store
 */
record RedisConnectionTarget(String url, List<String> clusterNodes, String sentinelPassword, String source,
        @Nullable SslBundle sslBundle) {

    static final String DEFAULT_URL = "redis://localhost:6379";

    static final String BERYL_SSL_BUNDLE = "beryl.cache.redis.ssl.bundle";

    static final String SPRING_DATA_REDIS_SSL_BUNDLE = "spring.data.redis.ssl.bundle";

    RedisConnectionTarget(String url, List<String> clusterNodes, String sentinelPassword, String source) {
        this(url, clusterNodes, sentinelPassword, source, null);
    }

    /**
     * @param connectionDetails Spring Boot's {@code DataRedisConnectionDetails} bean, where spring-boot-data-redis
     * made one, else {@code null}
     * @param sslBundles the application's SSL bundles, if it has any, to look up the bundles that properties name
     * @throws CacheConfigurationException if a property names an SSL bundle that does not exist
     */
    static RedisConnectionTarget resolve(BerylCacheProperties.Redis redis, Environment environment,
            @Nullable Object connectionDetails, @Nullable SslBundles sslBundles) {
        RedisConnectionTarget target = address(redis, environment, connectionDetails, sslBundles);
        String bundle = redis.getSsl().getBundle();
        return StringUtils.hasText(bundle) ? target.withTls(sslBundle(BERYL_SSL_BUNDLE, bundle, sslBundles)) : target;
    }

    private static RedisConnectionTarget address(BerylCacheProperties.Redis redis, Environment environment,
            @Nullable Object connectionDetails, @Nullable SslBundles sslBundles) {
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
        return springDataRedis(Binder.get(environment), sslBundles);
    }

    /** Beryl's own reading of {@code spring.data.redis.*}, for applications without spring-boot-data-redis. */
    private static RedisConnectionTarget springDataRedis(Binder binder, @Nullable SslBundles sslBundles) {
        String username = binder.bind("spring.data.redis.username", String.class).orElse(null);
        String password = binder.bind("spring.data.redis.password", String.class).orElse(null);
        String bundleName = binder.bind(SPRING_DATA_REDIS_SSL_BUNDLE, String.class).orElse(null);
        // As in Spring Boot: naming a bundle turns TLS on, unless ssl.enabled says otherwise.
        boolean ssl = binder.bind("spring.data.redis.ssl.enabled", Boolean.class)
                .orElse(StringUtils.hasText(bundleName));
        SslBundle bundle = (ssl && StringUtils.hasText(bundleName))
                ? sslBundle(SPRING_DATA_REDIS_SSL_BUNDLE, bundleName, sslBundles) : null;
        String scheme = ssl ? "rediss" : "redis";
        int database = binder.bind("spring.data.redis.database", Integer.class).orElse(0);
        String master = binder.bind("spring.data.redis.sentinel.master", String.class).orElse(null);
        List<String> sentinels = binder.bind("spring.data.redis.sentinel.nodes", Bindable.listOf(String.class))
                .orElse(List.of());
        if (StringUtils.hasText(master) && !sentinels.isEmpty()) {
            String sentinelPassword = binder.bind("spring.data.redis.sentinel.password", String.class).orElse(null);
            return new RedisConnectionTarget(scheme + "-sentinel://" + credentials(username, password)
                    + String.join(",", sentinels) + "/" + database + "#" + master, List.of(), sentinelPassword,
                    "spring.data.redis.sentinel", bundle);
        }
        List<String> clusterNodes = binder.bind("spring.data.redis.cluster.nodes", Bindable.listOf(String.class))
                .orElse(List.of());
        if (!clusterNodes.isEmpty()) {
            String credentials = credentials(username, password);
            return new RedisConnectionTarget(null, clusterNodes.stream()
                    .map((node) -> scheme + "://" + credentials + node).toList(), null,
                    "spring.data.redis.cluster.nodes", bundle);
        }
        String url = binder.bind("spring.data.redis.url", String.class).orElse(null);
        if (StringUtils.hasText(url)) {
            return new RedisConnectionTarget(ssl ? tls(url) : url, List.of(), null, "spring.data.redis.url", bundle);
        }
        String host = binder.bind("spring.data.redis.host", String.class).orElse(null);
        Integer port = binder.bind("spring.data.redis.port", Integer.class).orElse(null);
        if (host != null || port != null || password != null || database != 0 || ssl) {
            String target = scheme + "://" + credentials(username, password) + ((host != null) ? host : "localhost")
                    + ":" + ((port != null) ? port : 6379) + "/" + database;
            return new RedisConnectionTarget(target, List.of(), null, "spring.data.redis.host/port", bundle);
        }
        return new RedisConnectionTarget(DEFAULT_URL, List.of(), null, "the default");
    }

    /** This target over TLS, with the trust and key material of {@code bundle}. */
    RedisConnectionTarget withTls(SslBundle bundle) {
        return new RedisConnectionTarget((this.url != null) ? tls(this.url) : null,
                this.clusterNodes.stream().map(RedisConnectionTarget::tls).toList(), this.sentinelPassword,
                this.source, bundle);
    }

    /** A URI, or a cluster node's {@code host:port}, with the scheme that means TLS. */
    static String tls(String uri) {
        for (String plain : List.of("redis://", "redis-sentinel://")) {
            if (uri.startsWith(plain)) {
                return "rediss" + uri.substring("redis".length());
            }
        }
        return uri.contains("://") ? uri : "rediss://" + uri;
    }

    /**
     * The bundle that a property names.
     * @throws CacheConfigurationException if there is no such bundle, or no bundles at all
     */
    static SslBundle sslBundle(String property, String name, @Nullable SslBundles sslBundles) {
        String define = "Define the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name;
        if (sslBundles == null) {
            throw new CacheConfigurationException(property + " names SSL bundle '" + name
                    + "', but the application has no SSL bundles (no SslBundles bean)", define
                            + ", with Spring Boot's SslAutoConfiguration, which makes the SslBundles bean.");
        }
        try {
            return sslBundles.getBundle(name);
        }
        catch (NoSuchSslBundleException ex) {
            throw new CacheConfigurationException(property + " names SSL bundle '" + name
                    + "', which is not defined", define + ", or name one that is defined.", ex);
        }
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
