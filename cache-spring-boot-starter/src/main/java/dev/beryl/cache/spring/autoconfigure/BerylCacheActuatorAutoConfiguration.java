package dev.beryl.cache.spring.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.spring.actuate.BerylCacheEndpoint;
import dev.beryl.cache.spring.actuate.BerylHealthIndicator;
import dev.beryl.cache.spring.internal.CacheCatalogue;

/**
 * Beryl in Spring Boot Actuator: the {@code beryl} endpoint (available under Actuator's exposure rules) and the
 * {@code beryl} health contributor (which {@code management.health.beryl.enabled=false} switches off).
 */
@AutoConfiguration(after = BerylCacheAutoConfiguration.class)
@ConditionalOnBean(CacheEngine.class)
public final class BerylCacheActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    @ConditionalOnAvailableEndpoint(BerylCacheEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        BerylCacheEndpoint berylCacheEndpoint(CacheCatalogue catalogue, CacheEngine engine) {
            return new BerylCacheEndpoint(catalogue, engine);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("beryl")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "berylHealthIndicator")
        BerylHealthIndicator berylHealthIndicator(CacheCatalogue catalogue) {
            return new BerylHealthIndicator(catalogue);
        }
    }
}
