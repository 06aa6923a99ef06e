package dev.beryl.cache.spring.internal;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.internal.CacheDefinition;

/**
 * How an annotation that stores entries ({@code @Cached}, {@code @CachePut}) stores them: into which cache, under
 * which key, when, and with which tags. Built once per annotation.
 *
 * @param cache the cache written
 * @param description the method as messages name it
 * @param key how the key part of a call is made
 * @param condition when it is {@code false}, the cache is left alone
 * @param unless when it is {@code true} of the result, the result is not stored
 * @param tags the tags of a stored entry
 */
record EntrySpec(CacheDefinition cache, String description, KeyRule key, @Nullable CacheExpression condition,
        @Nullable CacheExpression unless, TagRule tags) {

    /** Whether a result is stored only after asking {@code unless} or making tags. */
    boolean decidesPerResult() {
        return this.unless != null || !this.tags.isEmpty();
    }

    /** The tags to store a call's result with, or {@code null} when {@code unless} keeps it out. */
    @Nullable Set<String> tagsToStore(Call call, @Nullable Object result) {
        call.result(result);
        if (this.unless != null && this.unless.isTrue(call)) {
            return null;
        }
        return this.tags.ids(call);
    }

    /** The full key of a call. */
    String fullKey(Call call) {
        return this.key.fullKey(this.cache.namespace(), call);
    }
}
