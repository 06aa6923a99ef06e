package dev.beryl.cache.spring.internal;

import dev.beryl.cache.annotation.CacheScope;

/**
 * The application's settings for cached HTTP handlers, {@code beryl.cache.http.*}.
 *
 * @param defaultScope what {@link CacheScope#AUTO} on an annotation means ({@code beryl.cache.http.default-scope})
 * @param cacheErrorResponses whether a {@code ResponseEntity} whose status is not 2xx may be stored
 * @param cacheStatusHeader whether responses of cached handlers carry an RFC 9211 {@code Cache-Status} header
 * @param etag whether responses of cached handlers carry an {@code ETag} kept with the entry, and a matching
 * {@code If-None-Match} is answered {@code 304 Not Modified}
 */
public record HttpSettings(CacheScope defaultScope, boolean cacheErrorResponses, boolean cacheStatusHeader,
        boolean etag) {

    /** Spring Boot's defaults: {@code auto}, no error responses stored, no {@code Cache-Status}, ETags on. */
    public static final HttpSettings DEFAULTS = new HttpSettings(CacheScope.AUTO, false, false, true);
}
