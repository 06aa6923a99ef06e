package dev.beryl.cache.spring.internal;

import java.time.Duration;

/**
 * The settings that apply where an annotation says nothing, checked by the auto-configuration.
 *
 * @param backend the name of the default backend ({@code beryl.cache.default-backend})
 * @param ttl the default time to live ({@code beryl.cache.default-ttl})
 * @param keyPrefix the first part of every key ({@code beryl.cache.key-prefix})
 */
public record CacheDefaults(String backend, Duration ttl, String keyPrefix) {
}
