/**
 * Spring integration: the interceptor of cache annotations and the programmatic {@link dev.beryl.cache.spring.CacheOperations}.
 */
@NullMarked
package dev.beryl.cache.spring;

import org.jspecify.annotations.NullMarked;
