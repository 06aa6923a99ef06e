package dev.beryl.cache.spring.internal;

import java.time.Duration;

/**
 * The settings that apply where an annotation says nothing, checked by the auto-configuration.
 *
 * @param backend the name of the default backend ({@code beryl.cache.default-backend})
 * @param ttl the default time to live ({@code beryl.cache.default-ttl})
 * @param keyPrefix the first part of every key ({@code beryl.cache.key-prefix})
 * @param http the settings of cached HTTP handlers ({@code beryl.cache.http.*})
 * @param globalFlight whether {@code singleFlight = DEFAULT} means {@code GLOBAL}
 * ({@code beryl.cache.single-flight.mode=global})
 */
public record CacheDefaults(String backend, Duration ttl, String keyPrefix, HttpSettings http, boolean globalFlight) {

    /** The defaults with single flight local by default. */
    public CacheDefaults(String backend, Duration ttl, String keyPrefix, HttpSettings http) {
        this(backend, ttl, keyPrefix, http, false);
    }

    /** The defaults with {@link HttpSettings#DEFAULTS}. */
    public CacheDefaults(String backend, Duration ttl, String keyPrefix) {
        this(backend, ttl, keyPrefix, HttpSettings.DEFAULTS);
    }
}
