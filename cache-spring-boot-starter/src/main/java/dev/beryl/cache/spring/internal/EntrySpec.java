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
 * @param responses which HTTP responses may be stored, or {@code null} for a method whose values are not responses
 */
record EntrySpec(CacheDefinition cache, String description, KeyRule key, @Nullable CacheExpression condition,
        @Nullable CacheExpression unless, TagRule tags, @Nullable ResponsePolicy responses) {

    /** Whether a result is stored only after asking {@code unless}, making tags or looking at the response. */
    boolean decidesPerResult() {
        return this.unless != null || !this.tags.isEmpty() || this.responses != null;
    }

    /** Whether a result may be handed to other callers that waited for the same load. */
    boolean shareable(@Nullable Object result) {
        return this.responses == null || !this.responses.isPrivate(result);
    }

    /** Whether a result is a response that may be stored, before {@code unless} is asked. */
    boolean storable(@Nullable Object result) {
        return this.responses == null || this.responses.isStorable(result);
    }

    /**
     * The tags to store a call's result with, or {@code null} when the result is a response that may not be stored or
     * {@code unless} keeps it out.
     */
    @Nullable Set<String> tagsToStore(Call call, @Nullable Object result) {
        if (!storable(result)) {
            return null;
        }
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
