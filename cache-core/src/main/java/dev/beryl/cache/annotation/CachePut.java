package dev.beryl.cache.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put-through: the method always runs, and its result is stored under the given cache and key, replacing what was
 * there. For write paths that return the new value, so that the next read is a hit with it:
 *
 * <pre>{@code
 * @PutMapping("/products/{id}")
 * @CachePut(name = "products", key = "#id")
 * public Product update(@PathVariable long id, @RequestBody ProductUpdate update) { ... }
 * }</pre>
 *
 * The attributes mean what they mean on {@link Cached}; {@code #result} is available in {@code key} and
 * {@code tags}. Beryl's {@code @CachePut} is not Spring's {@code org.springframework.cache.annotation.CachePut}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CachePut {

    /** The cache name; by default {@code SimpleClassName.methodName}. Usually the name of a {@code @Cached} method. */
    String name() default "";

    /** A SpEL expression for the key, as in {@link Cached#key}, with {@code #result}. By default all arguments. */
    String key() default "";

    /** The bean name of a {@code CacheKeyGenerator}, as in {@link Cached#keyGenerator}. */
    String keyGenerator() default "";

    /** How long the entry lives; by default the ttl of the {@code @Cached} methods of the cache, or the default. */
    String ttl() default "";

    /** Where the entry lives; by default the backend of the {@code @Cached} methods of the cache, or the default. */
    String backend() default "";

    /** A SpEL expression; when it is {@code false} nothing is stored. */
    String condition() default "";

    /** A SpEL expression with {@code #result}; when it is {@code true} nothing is stored. */
    String unless() default "";

    /** Whether a {@code null} result is stored. */
    boolean cacheNull() default false;

    /** SpEL expressions for the tags of the entry, as in {@link Cached#tags}. */
    String[] tags() default {};
}
