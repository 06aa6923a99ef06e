/**
 * The annotations that make a method cached: {@code @Cached}, {@code @CachePut} and {@code @CacheInvalidate}.
 */
@NullMarked
package dev.beryl.cache.annotation;

import org.jspecify.annotations.NullMarked;
