package dev.beryl.cache.spring.internal;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.internal.CacheEngine;

/**
 * What one {@code @CacheInvalidate} does: remove a key of a cache, or all of its entries, and every entry of its
 * tags, before or after the method runs. Its cache and the backends its tags reach are resolved when it is built.
 */
final class InvalidateOperation {

    private final String description;

    private final @Nullable String name;

    private final @Nullable CacheDefinition cache;

    /** Who shares the cache's entries, or {@code null} when everyone does. */
    private final @Nullable RequestScope scope;

    private final @Nullable KeyRule key;

    private final boolean allEntries;

    private final boolean beforeInvocation;

    private final @Nullable String backendName;

    private final @Nullable CacheExpression condition;

    private final TagRule tags;

    private final TagTargets tagTargets;

    /**
     * @param cache the cache that {@code name} addresses, or {@code null} for tags only
     * @param scope who shares that cache's entries, or {@code null} when everyone does
     * @param tagTargets the backends where the tags are invalidated
     */
    InvalidateOperation(String description, @Nullable String name, @Nullable CacheDefinition cache,
            @Nullable RequestScope scope, @Nullable KeyRule key, boolean allEntries, boolean beforeInvocation, @Nullable String backendName,
            @Nullable CacheExpression condition, TagRule tags, TagTargets tagTargets) {
        this.description = description;
        this.name = name;
        this.cache = cache;
        this.scope = scope;
        this.key = key;
        this.allEntries = allEntries;
        this.beforeInvocation = beforeInvocation;
        this.backendName = backendName;
        this.condition = condition;
        this.tags = tags;
        this.tagTargets = tagTargets;
    }

    boolean beforeInvocation() {
        return this.beforeInvocation;
    }

    @Nullable String name() {
        return this.name;
    }

    @Nullable String backendName() {
        return this.backendName;
    }

    /**
     * Removes what the annotation says. A key or tag that cannot be made is reported; the call itself goes on, since
     * the method has done (or will do) its work.
     */
    void apply(CacheEngine engine, Call call) {
        CacheDefinition cache = this.cache;
        String part;
        Set<String> tagIds;
        try {
            if (this.condition != null && !this.condition.isTrue(call)) {
                return;
            }
            part = (cache != null && this.key != null) ? this.key.part(call) : null;
            tagIds = this.tags.ids(call);
        }
        catch (RuntimeException ex) {
            engine.reportFailure(this.description, "work out what to invalidate", ex);
            return;
        }
        if (cache != null && this.allEntries) {
            engine.clear(cache);
        }
        else if (cache != null && part != null) {
            PutOperation.invalidate(engine, cache, this.scope, part);
        }
        if (!tagIds.isEmpty()) {
            this.tagTargets.invalidate(engine, tagIds);
        }
    }
}
