package dev.beryl.cache.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.alicp.jetcache.CacheBuilder;
import com.alicp.jetcache.anno.CacheConsts;
import com.alicp.jetcache.anno.config.EnableMethodCache;
import com.alicp.jetcache.anno.support.GlobalCacheConfig;
import com.alicp.jetcache.anno.support.JetCacheBaseBeans;
import com.alicp.jetcache.embedded.CaffeineCacheBuilder;
import com.alicp.jetcache.support.Fastjson2KeyConvertor;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext;

import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

/** Application contexts with each cache in front of {@link Services}, as an application would configure them. */
final class Contexts {

    private Contexts() {
    }

    /** Beryl's starter, with properties such as {@code beryl.cache.default-backend}. */
    static ConfigurableApplicationContext beryl(Map<String, Object> properties) {
        return beryl(properties, Services.Beryl.class, Stampede.Loader.class);
    }

    /** Beryl's starter with properties, in front of the given beans only. */
    static ConfigurableApplicationContext beryl(Map<String, Object> properties, Class<?>... beans) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("benchmark", properties));
        for (Class<?> configuration : AutoConfigurations.getClasses(AutoConfigurations.of(
                BerylCacheAutoConfiguration.class))) {
            context.register(configuration);
        }
        for (Class<?> bean : beans) {
            context.registerBean(bean);
        }
        context.refresh();
        return context;
    }

    static ConfigurableApplicationContext springConcurrentMap() {
        return spring(ConcurrentMapConfiguration.class);
    }

    static ConfigurableApplicationContext springCaffeine() {
        return spring(CaffeineConfiguration.class);
    }

    /** Spring's {@code CaffeineCacheManager}, each cache bounded to {@code maximumSize}, in front of one bean. */
    static ConfigurableApplicationContext springCaffeine(long maximumSize, Class<?> bean) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.register(CachingConfiguration.class);
        context.registerBean(CacheManager.class, () -> caffeineCacheManager(maximumSize));
        context.registerBean(bean);
        context.refresh();
        return context;
    }

    /** JetCache's method annotations, configured as its documentation shows for Spring without Boot. */
    static ConfigurableApplicationContext jetcache() {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.register(JetCacheConfiguration.class);
        context.registerBean(Services.JetCached.class);
        context.refresh();
        return context;
    }

    /** Spring's {@code RedisCacheManager} over Lettuce, with JSON values. */
    static ConfigurableApplicationContext springRedis(String host, int port) {
        System.setProperty("bench.redis.host", host);
        System.setProperty("bench.redis.port", Integer.toString(port));
        return spring(RedisConfiguration.class);
    }

    private static ConfigurableApplicationContext spring(Class<?> configuration) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.register(configuration);
        context.registerBean(Services.Spring.class);
        context.refresh();
        return context;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class ConcurrentMapConfiguration {

        @Bean
        CacheManager cacheManager() {
            return new ConcurrentMapCacheManager();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class CaffeineConfiguration {

        @Bean
        CacheManager cacheManager() {
            return caffeineCacheManager(10_000);
        }
    }

    /** Spring's annotations alone; the cache manager is registered beside it. */
    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class CachingConfiguration {
    }

    private static CaffeineCacheManager caffeineCacheManager(long maximumSize) {
        CaffeineCacheManager manager = new CaffeineCacheManager();
        manager.setCaffeine(Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(Duration.ofSeconds(60)));
        return manager;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableMethodCache(basePackages = "dev.beryl.cache.benchmarks")
    @Import(JetCacheBaseBeans.class)
    static class JetCacheConfiguration {

        @Bean
        GlobalCacheConfig globalCacheConfig() {
            Map<String, CacheBuilder> local = new HashMap<>();
            local.put(CacheConsts.DEFAULT_AREA, CaffeineCacheBuilder.createCaffeineCacheBuilder()
                    .keyConvertor(Fastjson2KeyConvertor.INSTANCE));
            GlobalCacheConfig config = new GlobalCacheConfig();
            config.setLocalCacheBuilders(local);
            config.setRemoteCacheBuilders(new HashMap<>());
            config.setStatIntervalMinutes(0);
            return config;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class RedisConfiguration {

        @Bean
        LettuceConnectionFactory connectionFactory() {
            return new LettuceConnectionFactory(new RedisStandaloneConfiguration(
                    System.getProperty("bench.redis.host"), Integer.getInteger("bench.redis.port")));
        }

        @Bean
        CacheManager cacheManager(LettuceConnectionFactory connectionFactory) {
            RedisCacheConfiguration values = RedisCacheConfiguration.defaultCacheConfig().entryTtl(Duration.ofMinutes(5))
                    .serializeValuesWith(RedisSerializationContext.SerializationPair
                            .fromSerializer(GenericJacksonJsonRedisSerializer.builder().enableUnsafeDefaultTyping()
                                    .enableSpringCacheNullValueSupport().build()));
            return RedisCacheManager.builder(connectionFactory).cacheDefaults(values).build();
        }
    }
}
