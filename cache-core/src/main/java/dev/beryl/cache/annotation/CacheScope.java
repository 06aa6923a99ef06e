package dev.beryl.cache.annotation;

/**
 * Who shares the entries of a {@link Cached} method: everyone, or each user apart. It decides what Beryl does with a
 * call made while an HTTP request is handled.
 */
public enum CacheScope {

    /**
     * The default, which follows {@code beryl.cache.http.default-scope} (itself {@code auto} by default). On a
     * handler method (a method of a {@code @Controller} or {@code @RestController} bean), a request that carries an
     * {@code Authorization} header or an authenticated principal neither reads nor writes the cache: the method
     * answers it. Anonymous requests share entries. On any other bean, and outside a request, entries are shared, as
     * with {@link #SHARED}: a service whose answer depends on the current user must say {@link #PRINCIPAL}.
     */
    AUTO,

    /**
     * Each user has entries of their own: the principal's name is part of the key (never a credential). Anonymous
     * calls share one anonymous entry. A request that carries an {@code Authorization} header but no principal that
     * Beryl can see is not anonymous: the method answers it, and nothing is read or stored.
     */
    PRINCIPAL,

    /** One entry for everyone, authenticated or not: an explicit choice. */
    SHARED
}
