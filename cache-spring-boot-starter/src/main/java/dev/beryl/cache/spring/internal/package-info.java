/**
 * The machinery behind the cache annotations: parsing, validation, the per-method plans, the interceptor and the
 * catalogue of caches. Internal: it may change without notice in any release; applications use
 * {@link dev.beryl.cache.spring.CacheOperations}, the annotations and the {@code beryl.cache.*} properties.
 */
@NullMarked
package dev.beryl.cache.spring.internal;

import org.jspecify.annotations.NullMarked;
