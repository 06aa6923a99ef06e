package dev.beryl.cache.internal;

import org.jspecify.annotations.Nullable;

/**
 * Computes the value of a miss, typically by running the cached method. It may throw anything the method throws;
 * the exception reaches the caller unchanged and nothing is cached.
 */
@FunctionalInterface
public interface CacheLoader {

    @Nullable Object load() throws Throwable;
}
