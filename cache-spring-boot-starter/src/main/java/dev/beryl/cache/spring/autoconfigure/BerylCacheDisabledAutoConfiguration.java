package dev.beryl.cache.spring.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.beryl.cache.spring.CacheOperations;
import dev.beryl.cache.spring.internal.DisabledCacheOperations;

/**
 * With {@code beryl.cache.enabled=false}, annotated methods always run, and the application still gets a
 * {@link CacheOperations} bean, whose loads always run too, so that code that injects it starts unchanged.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "beryl.cache.enabled", havingValue = false)
public final class BerylCacheDisabledAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CacheOperations berylCacheOperations() {
        return new DisabledCacheOperations();
    }
}
