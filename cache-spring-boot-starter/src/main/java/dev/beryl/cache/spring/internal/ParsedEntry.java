package dev.beryl.cache.spring.internal;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.annotation.CacheScope;
import dev.beryl.cache.annotation.SingleFlight;

/**
 * What {@code @Cached} or {@code @CachePut} on one method says: the attributes that name, time and place the cache
 * resolved and checked; the expressions still as text, for {@link CacheOperationFactory} to compile.
 *
 * @param annotation {@code @Cached} or {@code @CachePut}
 * @param where the annotation and the method, as messages begin, e.g. {@code @Cached on Products.find(long)}
 * @param name the cache's name: the declared one, placeholders resolved, or the method's default name
 * @param namedExplicitly whether the annotation named the cache
 * @param valueType the method's generic return type, resolved against its class
 * @param ttl the declared time to live, or {@code null} where the annotation gives none
 * @param backend the declared backend name, placeholders resolved, or {@code null} where the annotation gives none
 * @param key the {@code key} expression, or empty
 * @param keyGenerator the bean name of the key generator, placeholders resolved, or {@code null}
 * @param condition the {@code condition} expression, or empty
 * @param unless the {@code unless} expression, or empty
 * @param tags the tag expressions
 * @param cacheNull whether a {@code null} result is stored
 * @param resultInKey whether {@code #result} may appear in {@code key} and {@code condition} (put-through)
 * @param web what the annotation says about HTTP requests
 * @param freshness the stale windows and the reach of single flight ({@code @Cached} only)
 */
record ParsedEntry(String annotation, String where, String name, boolean namedExplicitly, Type valueType,
        @Nullable Duration ttl, @Nullable String backend, String key, @Nullable String keyGenerator, String condition,
        String unless, List<String> tags, boolean cacheNull, boolean resultInKey, Web web, Freshness freshness) {

    ParsedEntry {
        tags = List.copyOf(tags);
    }

    /** An entry without stale windows, whose single flight is the default. */
    ParsedEntry(String annotation, String where, String name, boolean namedExplicitly, Type valueType,
            @Nullable Duration ttl, @Nullable String backend, String key, @Nullable String keyGenerator,
            String condition, String unless, List<String> tags, boolean cacheNull, boolean resultInKey, Web web) {
        this(annotation, where, name, namedExplicitly, valueType, ttl, backend, key, keyGenerator, condition, unless,
                tags, cacheNull, resultInKey, web, Freshness.NONE);
    }

    /**
     * What {@code @Cached} says about stale entries and single flight.
     *
     * @param staleWhileRevalidate the {@code staleWhileRevalidate} window; zero for none
     * @param staleIfError the {@code staleIfError} window; zero for none
     * @param singleFlight the declared reach of single flight
     */
    record Freshness(Duration staleWhileRevalidate, Duration staleIfError, SingleFlight singleFlight) {

        static final Freshness NONE = new Freshness(Duration.ZERO, Duration.ZERO, SingleFlight.DEFAULT);

        boolean stale() {
            return !this.staleWhileRevalidate.isZero() || !this.staleIfError.isZero();
        }
    }

    /**
     * What an annotation says about the HTTP requests a method answers.
     *
     * @param scope the declared scope ({@link CacheScope#SHARED} for put-through, which has none)
     * @param vary the request headers that are part of the key
     * @param handler whether the method is a handler method, of a {@code @Controller} bean
     * @param async whether the method returns a future or a publisher
     * @param body how its response is shaped
     */
    record Web(CacheScope scope, List<String> vary, boolean handler, boolean async, HttpCaching.Body body) {

        static final Web NONE = new Web(CacheScope.SHARED, List.of(), false, false, HttpCaching.Body.OTHER);

        Web {
            vary = List.copyOf(vary);
        }
    }

    boolean isPut() {
        return this.resultInKey;
    }
}
