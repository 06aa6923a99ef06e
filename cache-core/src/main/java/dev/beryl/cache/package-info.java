/**
 * Beryl's caching engine and the contract of its backends: {@link dev.beryl.cache.CacheBackend}, {@link dev.beryl.cache.CacheLookup}, events and listeners.
 */
@NullMarked
package dev.beryl.cache;

import org.jspecify.annotations.NullMarked;
