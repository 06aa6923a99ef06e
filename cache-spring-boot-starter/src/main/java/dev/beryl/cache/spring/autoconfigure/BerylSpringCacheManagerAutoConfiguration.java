package dev.beryl.cache.spring.autoconfigure;

import java.time.Duration;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;

import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.internal.KeyRenderer;
import dev.beryl.cache.spring.CacheConfigurationException;
import dev.beryl.cache.spring.internal.BerylCacheManager;
import dev.beryl.cache.spring.internal.CacheCatalogue;

/**
 * With {@code beryl.cache.spring-cache-manager.enabled=true}, Spring's {@link CacheManager} is Beryl's: existing
 * {@code @Cacheable} code runs on Beryl's backends, and {@code /actuator/caches} lists its caches. It takes the place
 * of the simple one that Spring Boot would otherwise make, and backs off when the application has its own.
 */
@AutoConfiguration(after = BerylCacheAutoConfiguration.class,
        beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(CacheManager.class)
@ConditionalOnBooleanProperty("beryl.cache.spring-cache-manager.enabled")
@ConditionalOnBean(CacheEngine.class)
public final class BerylSpringCacheManagerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(CacheManager.class)
    BerylCacheManager cacheManager(CacheCatalogue catalogue, CacheEngine engine, KeyRenderer keys,
            BerylCacheProperties properties, ConfigurableListableBeanFactory beanFactory) {
        return new BerylCacheManager(catalogue, engine, keys, (name) -> ttl(properties, name), beanFactory);
    }

    private static Duration ttl(BerylCacheProperties properties, String name) {
        BerylCacheProperties.CacheSettings settings = properties.getCaches().get(name);
        Duration ttl = (settings != null) ? settings.getTtl() : null;
        if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
            throw new CacheConfigurationException("beryl.cache.caches." + name + ".ttl must be positive, was " + ttl,
                    "Set it to a positive duration such as 60s.");
        }
        return ttl;
    }
}
