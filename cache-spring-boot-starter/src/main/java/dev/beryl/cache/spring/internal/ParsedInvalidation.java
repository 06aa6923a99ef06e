package dev.beryl.cache.spring.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What one {@code @CacheInvalidate} says, checked for contradictions, with placeholders resolved.
 *
 * @param where the annotation and the method, as messages begin
 * @param name the cache to invalidate in, or {@code null} for tags only
 * @param key the {@code key} expression, or empty
 * @param keyGenerator the bean name of the key generator, placeholders resolved, or {@code null}
 * @param allEntries whether every entry of the cache goes
 * @param beforeInvocation whether it happens before the method runs
 * @param backend the declared backend name, placeholders resolved, or {@code null}
 * @param condition the {@code condition} expression, or empty
 * @param tags the tag expressions
 */
record ParsedInvalidation(String where, @Nullable String name, String key, @Nullable String keyGenerator,
        boolean allEntries, boolean beforeInvocation, @Nullable String backend, String condition,
        List<String> tags) {

    ParsedInvalidation {
        tags = List.copyOf(tags);
    }

    /** Whether it removes one key of its cache, and so needs a key rule. */
    boolean removesKey() {
        return this.name != null && !this.allEntries;
    }
}
