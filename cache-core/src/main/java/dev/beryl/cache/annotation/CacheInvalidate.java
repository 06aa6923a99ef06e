package dev.beryl.cache.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Removes cache entries when a method runs: one key of a cache, every entry of a cache, or every entry carrying a
 * tag. It addresses entries exactly as {@link Cached} names them, so
 * {@code @Cached(name = "products", key = "#id")} and {@code @CacheInvalidate(name = "products", key = "#id")}
 * meet.
 *
 * <pre>{@code
 * @PutMapping("/products/{id}")
 * @CacheInvalidate(name = "products", key = "#id")
 * @CacheInvalidate(tags = "'product:' + #id")
 * public Product update(@PathVariable long id, @RequestBody ProductUpdate update) { ... }
 * }</pre>
 *
 * By default the entries are removed after the method returns, and not at all when it throws.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(CacheInvalidate.List.class)
public @interface CacheInvalidate {

    /** The cache to remove from; required unless only {@link #tags} are given. */
    String name() default "";

    /**
     * A SpEL expression for the key to remove, as in {@link Cached#key}; {@code #result} is available unless
     * {@link #beforeInvocation}. By default all arguments make the key, as for {@code @Cached}.
     */
    String key() default "";

    /** The bean name of a {@code CacheKeyGenerator} that makes the key, as in {@link Cached#keyGenerator}. */
    String keyGenerator() default "";

    /** Whether every entry of the cache is removed, rather than one key. */
    boolean allEntries() default false;

    /** SpEL expressions for tags whose entries are removed, in every cache, e.g. {@code "'product:' + #id"}. */
    String[] tags() default {};

    /** Whether the entries are removed before the method runs, and so even when it throws. */
    boolean beforeInvocation() default false;

    /** A SpEL expression; when it is {@code false} nothing is removed. */
    String condition() default "";

    /**
     * The backend to remove from. By default the backend of the {@code @Cached} methods of the same cache name,
     * or {@code beryl.cache.default-backend}, and tags from every backend in use that supports them; when set,
     * tags too are removed from this backend only.
     */
    String backend() default "";

    /** Holds several {@link CacheInvalidate}s on one method. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface List {

        CacheInvalidate[] value();
    }
}
