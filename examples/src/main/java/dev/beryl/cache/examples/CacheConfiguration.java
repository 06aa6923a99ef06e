package dev.beryl.cache.examples;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the custom backend; any {@code CacheBackend} bean is a backend addressable by its bean name. */
@Configuration(proxyBeanMethods = false)
public class CacheConfiguration {

    @Bean
    SimpleMapCacheBackend reviewsBackend() {
        return new SimpleMapCacheBackend(Clock.systemUTC());
    }
}
