package dev.beryl.cache.spring.actuate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.beryl.cache.internal.BackendErrorKind;
import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.spring.internal.CacheCatalogue;

/**
 * The {@code beryl} Actuator endpoint. {@code GET /actuator/beryl} lists every cache: its name, backend, ttl, the
 * methods that fill or empty it with their key expressions and tags, and its counters. {@code DELETE
 * /actuator/beryl/{name}} clears a cache; {@code DELETE /actuator/beryl/{name}/{key}} removes one entry, {@code key}
 * being the key part exactly as it stands in the stored key ({@code DELETE /actuator/beryl/items/41} removes
 * {@code beryl:items:41}; a string part keeps its quotes, URL-encoded). Exposed under Actuator's usual rules, so
 * only where {@code management.endpoints.web.exposure.include} names it.
 */
@Endpoint(id = "beryl")
public class BerylCacheEndpoint {

    private final CacheCatalogue catalogue;

    private final CacheEngine engine;

    public BerylCacheEndpoint(CacheCatalogue catalogue, CacheEngine engine) {
        this.catalogue = catalogue;
        this.engine = engine;
    }

    @ReadOperation
    public CachesReport caches() {
        List<CacheReport> caches = new ArrayList<>();
        for (CacheCatalogue.Description cache : this.catalogue.describe()) {
            List<String> methods = new ArrayList<>();
            String key = null;
            Set<String> tags = new LinkedHashSet<>();
            for (CacheCatalogue.Use use : cache.uses()) {
                methods.add(use.annotation() + " " + use.method());
                if (!use.annotation().equals("@CacheInvalidate")) {
                    key = (key != null) ? key : (use.key().isEmpty() ? "(all arguments)" : use.key());
                    tags.addAll(use.tags());
                }
            }
            long errors = 0;
            for (BackendErrorKind kind : BackendErrorKind.values()) {
                errors += this.engine.errors(cache.name(), kind);
            }
            caches.add(new CacheReport(cache.name(), cache.backendName(), cache.ttl().toString(), methods, key,
                    List.copyOf(tags), cache.counters().hits(), cache.counters().misses(), cache.counters().puts(),
                    cache.counters().removals(), errors));
        }
        return new CachesReport(caches);
    }

    /** Clears one cache: {@code 204}, or {@code 404} for a name no cache has. */
    @DeleteOperation
    public WebEndpointResponse<Void> clear(@Selector String name) {
        CacheDefinition cache = this.catalogue.known(name);
        if (cache == null) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        this.engine.clear(cache);
        return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT);
    }

    /**
     * Removes the entry {@code {key-prefix}:{name}:{key}}: {@code 204}, or {@code 404} for a name no cache has.
     * Removing a key that holds nothing is not an error.
     */
    @DeleteOperation
    public WebEndpointResponse<Void> remove(@Selector String name, @Selector String key) {
        CacheDefinition cache = this.catalogue.known(name);
        if (cache == null || key.isEmpty()) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        this.engine.invalidate(cache, cache.namespace() + ':' + key);
        return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT);
    }

    /** Every cache, by name. */
    public record CachesReport(List<CacheReport> caches) {
    }

    /**
     * One cache.
     *
     * @param name its name
     * @param backend its backend's name
     * @param ttl how long its entries live, ISO-8601
     * @param methods the annotations and methods that fill or empty it
     * @param key the key expression of the methods that fill it, {@code (all arguments)} for the default key, or
     * {@code null} for a cache only the API uses
     * @param tags the tag expressions of the methods that fill it
     * @param hits lookups that found their key
     * @param misses lookups that did not
     * @param puts values stored
     * @param removals invalidations and clears
     * @param errors backend failures of its calls
     */
    public record CacheReport(String name, String backend, String ttl, List<String> methods, @Nullable String key,
            List<String> tags, long hits, long misses, long puts, long removals, long errors) {
    }
}
