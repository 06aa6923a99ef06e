package dev.beryl.cache.spring.autoconfigure;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SslOptions;
import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.json.JsonMapper;

import dev.beryl.cache.redis.JsonValueCodec;
import dev.beryl.cache.redis.RedisCacheBackend;
import dev.beryl.cache.redis.ValueCodec;
import dev.beryl.cache.spring.CacheConfigurationException;
import dev.beryl.cache.spring.internal.ResponseEntityJacksonModule;

/**
 * The Redis backend, known as backend {@code redis}, when beryl-cache-redis is on the classpath. It is created the
 * first time a method or the default backend names it, so an application that caches only in memory never connects.
 * It is closed, and its client shut down, with the application context.
 * <p>
 * Values are JSON by default, written by a {@link JsonValueCodec} whose mapper {@link BerylJsonMapperCustomizer}
 * beans customize; a {@link ValueCodec} bean of your own replaces it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ RedisCacheBackend.class, RedisClient.class })
class RedisBackendConfiguration {

    /** The bean name of the Redis backend, also known as backend {@code redis}. */
    static final String REDIS_BACKEND_BEAN = "berylRedisCacheBackend";

    private static final String CONNECTION_DETAILS =
            "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";

    @Bean
    @ConditionalOnMissingBean(ValueCodec.class)
    JsonValueCodec berylRedisValueCodec(ObjectProvider<BerylJsonMapperCustomizer> customizers) {
        JsonMapper.Builder mapper = JsonValueCodec.defaultMapperBuilder();
        customizers.orderedStream().forEach((customizer) -> customizer.customize(mapper));
        if (ClassUtils.isPresent("org.springframework.http.ResponseEntity", getClass().getClassLoader())) {
            mapper.addModule(WebTypes.module());
        }
        try {
            return new JsonValueCodec(mapper.build());
        }
        catch (IllegalArgumentException ex) {
            throw new CacheConfigurationException("Beryl's Redis codec: " + ex.getMessage(),
                    "Remove activateDefaultTyping from your BerylJsonMapperCustomizer beans; declare concrete types, "
                            + "or annotate an interface with @JsonTypeInfo.", ex);
        }
    }

    @Bean(name = REDIS_BACKEND_BEAN, destroyMethod = "close")
    @Lazy
    @ConditionalOnMissingBean(RedisCacheBackend.class)
    RedisCacheBackend berylRedisCacheBackend(BerylCacheProperties properties, Environment environment,
            ValueCodec codec, ListableBeanFactory beans) {
        BerylCacheProperties.Redis redis = properties.getRedis();
        RedisConnectionTarget target = RedisConnectionTarget.resolve(redis, environment, connectionDetails(beans),
                beans.getBeanProvider(SslBundles.class).getIfUnique());
        // Spring Boot's Lettuce resources where it made them: shared event loops, its metrics and tracing.
        RedisCacheBackend.Builder builder = RedisCacheBackend.builder().codec(codec)
                .clientName(redis.getClientName())
                .clientResources(beans.getBeanProvider(ClientResources.class).getIfUnique());
        try {
            builder.commandTimeout(redis.getTimeout()).connectTimeout(redis.getConnectTimeout())
                    .maxValueSize(redis.getMaxValueSize().toBytes())
                    .circuitBreaker(redis.getCircuitBreaker().getFailures(), redis.getCircuitBreaker().getCoolDown());
        }
        catch (IllegalArgumentException ex) {
            throw new CacheConfigurationException("beryl.cache.redis: " + ex.getMessage(),
                    "Set timeouts, max-value-size and circuit-breaker settings to positive values.", ex);
        }
        BerylCacheProperties.Redis.Compression compression = redis.getCompression();
        if (compression.isEnabled()) {
            if (compression.getThreshold().isNegative()) {
                throw new CacheConfigurationException("beryl.cache.redis.compression.threshold is negative ("
                        + compression.getThreshold() + ")",
                        "Set beryl.cache.redis.compression.threshold to a size such as 4KB.");
            }
            builder.compressionThreshold(compression.getThreshold().toBytes());
        }
        if (!target.clusterNodes().isEmpty()) {
            builder.clusterNodes(target.clusterNodes());
        }
        else {
            builder.uri(target.url()).sentinelPassword(target.sentinelPassword());
        }
        SslBundle sslBundle = target.sslBundle();
        if (sslBundle != null) {
            builder.sslOptions(sslOptions(sslBundle));
        }
        try {
            return builder.build();
        }
        catch (IllegalArgumentException ex) {
            throw new CacheConfigurationException("The Redis address from " + target.source() + " is not valid: "
                    + ex.getMessage(), "Use redis://host:port, rediss://host:port for TLS, or "
                            + "redis-sentinel://host:port#master.", ex);
        }
    }

    /**
     * Lettuce's TLS options from a Spring Boot SSL bundle: its key managers (the client certificate, for servers that
     * ask for one), trust managers, and the protocols and cipher suites it enables, if it restricts them.
     */
    static SslOptions sslOptions(SslBundle bundle) {
        SslOptions.Builder ssl = SslOptions.builder().keyManager(bundle.getManagers().getKeyManagerFactory())
                .trustManager(bundle.getManagers().getTrustManagerFactory());
        String[] protocols = bundle.getOptions().getEnabledProtocols();
        if (protocols != null) {
            ssl.protocols(protocols);
        }
        String[] ciphers = bundle.getOptions().getCiphers();
        if (ciphers != null) {
            ssl.cipherSuites(ciphers);
        }
        return ssl.build();
    }

    /** Spring Boot's {@code DataRedisConnectionDetails} bean, if spring-boot-data-redis made one. */
    private static @Nullable Object connectionDetails(ListableBeanFactory beans) {
        ClassLoader loader = RedisBackendConfiguration.class.getClassLoader();
        if (!ClassUtils.isPresent(CONNECTION_DETAILS, loader)) {
            return null;
        }
        return beans.getBeanProvider(ClassUtils.resolveClassName(CONNECTION_DETAILS, loader)).getIfUnique();
    }

    /** Keeps spring-web's types out of the configuration class, for applications without it. */
    private static final class WebTypes {

        static ResponseEntityJacksonModule module() {
            return new ResponseEntityJacksonModule();
        }
    }
}
