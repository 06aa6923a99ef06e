package dev.beryl.cache.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches what a method returns: a later call with the same key is answered from the cache for {@link #ttl},
 * without running the method.
 *
 * <pre>{@code
 * @GetMapping("/products/{id}")
 * @Cached(ttl = "60s")
 * public ProductDto product(@PathVariable long id) { ... }
 * }</pre>
 *
 * Every attribute is checked when the application starts; a bad one stops it with a message that names the class,
 * the method, the attribute and the value. The entry is stored under {@code {key-prefix}:{name}:{key}}.
 * <p>
 * The method is called through a Spring proxy, so calls from inside the same object bypass the cache, and private,
 * final and static methods cannot be cached.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Cached {

    /** The cache name; by default {@code SimpleClassName.methodName}, e.g. {@code ProductController.product}. */
    String name() default "";

    /**
     * A SpEL expression over the arguments that gives the key part, e.g. {@code "#id"} or
     * {@code "'sku:' + #sku"}: {@code #name} (needs the {@code -parameters} compiler flag, which Spring Boot's
     * build plugins set), {@code #p0}/{@code #a0}, {@code #root.method}, {@code #root.target}, {@code #root.args}
     * and {@code @beanName}. By default all arguments make the key.
     */
    String key() default "";

    /**
     * The bean name of a {@code CacheKeyGenerator} that makes the key from the arguments, instead of the default
     * rendering or {@link #key}. Defining a {@code CacheKeyGenerator} bean makes it the default of every method
     * without {@code key}.
     */
    String keyGenerator() default "";

    /**
     * How long an entry lives: {@code "60s"}, {@code "5m"}, {@code "500ms"}, {@code "2h"}, {@code "1d"}, ISO-8601
     * such as {@code "PT1M"}, or a bare number of seconds. {@code ${...}} placeholders are resolved. By default
     * {@code beryl.cache.default-ttl}.
     */
    String ttl() default "";

    /**
     * Where entries live: {@code "memory"}, {@code "redis"}, or the bean name of any {@code CacheBackend} bean.
     * By default {@code beryl.cache.default-backend}.
     */
    String backend() default "";

    /** A SpEL expression over the arguments; when it is {@code false} the cache is neither read nor written. */
    String condition() default "";

    /**
     * A SpEL expression evaluated after the method ran, with its return value as {@code #result}; when it is
     * {@code true} the result is returned but not stored.
     */
    String unless() default "";

    /** Whether a {@code null} return value is stored (and later returned from the cache). */
    boolean cacheNull() default false;

    /**
     * SpEL expressions for the tags of the entry, e.g. {@code {"'product:' + #id", "'catalogue'"}}; an expression
     * may give a collection, such as {@code "#result.![ 'product:' + id ]"}, for one tag per element.
     * {@code #result} is available. Invalidating a tag removes every entry that carries it, in every cache.
     */
    String[] tags() default {};

    /**
     * Who shares the entries: {@link CacheScope#AUTO} by default, which keeps authenticated requests to handler
     * methods away from the cache; {@link CacheScope#PRINCIPAL} for an entry per user; {@link CacheScope#SHARED} for
     * one entry for everyone. See {@link CacheScope}.
     */
    CacheScope scope() default CacheScope.AUTO;

    /**
     * Request headers whose values are part of the key, e.g. {@code {"Accept-Language"}}, so that each language has
     * its own entry. A header that a request lacks is part of the key as absent. Values of credential headers
     * ({@code Authorization}, {@code Proxy-Authorization}, {@code Cookie}) enter the key only as digests.
     */
    String[] vary() default {};

    /**
     * For how long after the ttl an entry is still served while it is refreshed: a call in this window returns the
     * stale value at once and starts a refresh in the background (one per key in an instance, one per key across
     * instances with {@link SingleFlight#GLOBAL}). Callers never wait for it; a refresh that fails keeps the stale
     * value. A duration as for {@link #ttl}; none by default. The refresh runs on Beryl's threads, without the
     * caller's thread-bound context (its request, its security context).
     */
    String staleWhileRevalidate() default "";

    /**
     * For how long after the ttl an entry is served when the method throws: a call in this window runs the method,
     * and if it throws, returns the stale value instead of the exception. A duration as for {@link #ttl}; none by
     * default.
     */
    String staleIfError() default "";

    /**
     * Whether concurrent misses of one key load it once per instance ({@link SingleFlight#LOCAL}) or once across
     * every instance that shares the backend ({@link SingleFlight#GLOBAL}); by default
     * {@code beryl.cache.single-flight.mode}.
     */
    SingleFlight singleFlight() default SingleFlight.DEFAULT;
}
